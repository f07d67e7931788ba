"""The main window's digits of a number: which one the charts show, and moving through them."""

from __future__ import annotations

from digitpad.core.ink import Ink

SMALL_IN_PICTURE = 0.2  # a picture's one digit smaller than this share of it is framed


class DigitsMixin:
    """MainWindow's choice of the digit shown (View ▸ digits, clicks, the pen); mixed into
    MainWindow."""

    def _digit_at_pen(self) -> int:
        """The digit of ink that holds the newest stroke in a digit (a sign, a line under the
        number or a dot is in none); on a picture, the digit whose frame holds the most points
        of the newest stroke."""
        digits = self.reading.digits
        newest = self.canvas.newest_stroke()
        if len(digits) < 2 or not newest:
            return self.selected
        if all(isinstance(digit.drawing, Ink) for digit in digits):
            owner = {
                tuple(map(tuple, stroke)): index
                for index, digit in enumerate(digits)
                for stroke in digit.drawing.strokes
            }
            for stroke in [newest, *reversed(self.canvas.document.page.strokes)]:
                index = owner.get(tuple(map(tuple, stroke)))
                if index is not None:
                    return index
            return self.selected

        def held(box: tuple[float, float, float, float]) -> int:
            x0, y0, x1, y1 = box
            return sum(x0 <= x <= x1 and y0 <= y <= y1 for x, y in newest)

        counts = [held(digit.box) for digit in digits]
        return counts.index(max(counts)) if max(counts) else self.selected

    def select(self, index: int, relative: bool = False) -> None:
        """Show the reading of digit index (-1: the last), or index digits on from the one
        shown."""
        if self.reading is None:
            return
        self._pen_moved = self._follow_pen = False  # the user's choice holds
        self._at_end = index < 0 and not relative
        if relative:
            index += self.selected
        elif index < 0:
            index += len(self.reading.digits)
        self.selected = max(0, min(index, len(self.reading.digits) - 1))
        self._show_selected()

    def select_in_line(self, step: int) -> None:
        """Show the reading of the digit in the line step lines below (-1: above) the one
        shown, the one nearest it across; nothing where there is no such line."""
        line = self._line_of(self.selected)
        if line is None:
            return
        starts = self.reading.line_bounds
        if not 0 <= line + step < len(starts) - 1:
            return
        digits = self.reading.digits

        def across(i: int) -> float:  # the middle of digit i's box across
            return (digits[i].box[0] + digits[i].box[2]) / 2

        shown = across(self.selected)
        other = range(starts[line + step], starts[line + step + 1])
        self.select(min(other, key=lambda i: abs(across(i) - shown)))

    def _line_of(self, index: int) -> int | None:
        """The line (0: the first) of digit index of the reading, or None without one."""
        if self.reading is None or not self.reading.digits:
            return None
        return sum(start <= index for start in self.reading.line_starts)

    def _show_selected(self) -> None:
        digits = self.reading.digits
        digit = digits[self.selected]
        self.chart.show_recognition(digit.recognition)
        if digit.theirs is not None:
            self.theirs_chart.show_recognition(digit.theirs)
        self.preview.show_input(digit.pixels)
        # A drawing read as maybe no digit at all has no reading to confirm.
        unsure = digit.recognition.maybe_not_a_digit
        self.confirm_action.setEnabled(not unsure)
        read = digit.recognition.ranked[0][0]
        for d, action in enumerate(self.wrong_actions):
            action.setEnabled(unsure or d != read)
        self.number.show_number(self.reading.marked_number, self.selected, self.reading.line_starts)
        self._keep_minimum()
        # Framed, a digit shows the ink left out of it (a dot, an underline) as outside.
        framed = len(digits) > 1 or self.reading.left_out or self._small_in_picture(digit.box)
        self.canvas.set_boxes([d.box for d in digits] if framed else [], self.selected)
        self._update_digit_arrows()

    def _small_in_picture(self, box: tuple[float, float, float, float]) -> bool:
        """Whether a picture's one digit is small in it (under SMALL_IN_PICTURE of its width
        and height): then framed on the canvas, where it may be a speck."""
        picture = self.canvas.document.page.picture
        if picture is None or self.canvas.document.has_ink:
            return False
        x0, y0, x1, y1 = box
        return max((x1 - x0) / picture.width, (y1 - y0) / picture.height) < SMALL_IN_PICTURE

    def _update_digit_arrows(self) -> None:
        """View ▸ Previous and Next Digit: through the digits of a number read."""
        count = 0 if self.reading is None else len(self.reading.digits)
        self.previous_digit_action.setEnabled(0 < self.selected < count)
        self.next_digit_action.setEnabled(self.selected < count - 1)
        self.first_digit_action.setEnabled(self.previous_digit_action.isEnabled())
        self.last_digit_action.setEnabled(self.next_digit_action.isEnabled())
        line = self._line_of(self.selected)
        lines = 0 if self.reading is None else len(self.reading.line_starts) + 1
        self.digit_above_action.setEnabled(line is not None and line > 0)
        self.digit_below_action.setEnabled(line is not None and line < lines - 1)
