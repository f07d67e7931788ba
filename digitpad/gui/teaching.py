"""The main window's learning of the user's handwriting: corrections, their undo and redo,
and the Learn menu."""

from __future__ import annotations

import itertools
import logging
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from PySide6.QtCore import Slot

from digitpad.core.errors import InputError, reason, write_reason
from digitpad.core.format import article, percent, sentence
from digitpad.core.format import count as plural
from digitpad.gui import dialogs, filedialogs

if TYPE_CHECKING:
    from digitpad.core.profile import Sample

log = logging.getLogger(__name__)

UNDO_TIP = "Take back the last change"
UNDO_CORRECTION_TIP = "Forget the digit you just taught"
EXPORT_FOLDER = "digitpad handwriting"  # an export's own folder, in a chosen one with files
MEND_PROFILE = (
    "mend that file, or Learn ▸ Forget My Handwriting starts afresh without the samples it lists"
)


class Untaught(NamedTuple):
    """A correction that Undo forgot, for Redo to teach again."""

    drawing: object  # the digit's own drawing: its strokes, or its crop of a picture
    label: int
    depth: int  # the drawing's Document.undo_depth when it was taught


class LearningMixin:
    """MainWindow's corrections and Learn menu; mixed into MainWindow."""

    def correct(self, label: int | None) -> None:
        """Learn the digit shown as label (None: as it is read), from its drawing."""
        if self.pen_is_down():
            return
        # The reading shown is of the drawing before its last change (or there is none yet);
        # or, to confirm, not yet read again with the samples just taught.
        if self.drawing_unread or (label is None and self.chart.outdated):
            then = "confirm it" if label is None else f"press {label}"
            self.say_still_being_read(then)
            return
        if self.reading is None:
            return
        digit = self.reading.digits[self.selected]
        if label is None and digit.recognition.maybe_not_a_digit:
            self.status_bar.say(
                "This is read as maybe not a digit, so there is no reading to confirm: "
                "press the digit it is instead.",
                8000,
            )
            return
        if digit.recognition.blob:  # its 28x28 input is a blob: nothing a sample could teach
            self.status_bar.say(
                "Drawn too small for the pen to learn from: draw it larger, or with a thinner "
                "pen, then press the digit it is.",
                8000,
            )
            return
        label = digit.recognition.ranked[0][0] if label is None else label
        drawing = self._selected_drawing()
        again = bool(self._taught) and self._last_drawing == drawing
        if again and self._taught[-1].label == label:
            self.status_bar.say(f"Already learned: this is {article(label)} {label}.", 5000)
            return
        try:
            # The same drawing taught again as another digit: the user changed their mind,
            # and the newer label replaces the older sample.
            if again:
                replaced = self._taught.pop()
                if self.profile.remove(replaced):
                    self._relabelled.append(replaced.label)
                else:  # forgotten meanwhile (from a terminal): Undo must not bring it back
                    self._relabelled = []
            else:
                self._relabelled = []
            self._taught.append(self.profile.add(drawing, label))
            self._drawing_of[self._taught[-1]] = drawing
        except (InputError, OSError) as error:
            mend = f" ({MEND_PROFILE})" if self._profile_damage() else ""
            # An InputError names the index; an OSError is about the folder, so name that.
            where = f" in {self.profile.path}" if isinstance(error, OSError) else ""
            self._report(f"Could not keep this sample{where}: {reason(error)}{mend}.")
            self._update_samples()  # the status bar's count, as the profile now is
            return
        self._last_drawing = drawing
        # A correction is done after what Undo took back: Redo would put that on the drawing
        # just taught, as in any editor once something new is done.
        self.canvas.document.forget_redo()
        self._untaught = []
        # A drawing taught again as another digit is still one correction.
        self._set_corrections(max(1, self._corrections + (not again)))
        # How to take it back comes first: a narrow window's status bar cuts the end off.
        if digit.recognition.maybe_not_a_digit:  # a slip of a digit key, maybe
            self.status_bar.say(
                f"Learned: this is {article(label)} {label} (Undo forgets it), though it was "
                "read as maybe no digit.",
                8000,
            )
        elif not digit.recognition.not_sure and digit.recognition.ranked[0][0] != label:
            # A click on a bar to look, maybe: digits written like this one now read as label.
            read, probability = digit.recognition.ranked[0]
            self.status_bar.say(
                f"Learned: this is {article(label)} {label} (Undo forgets it), though it was "
                f"read as {article(read)} {read} at {percent(probability)}.",
                8000,
            )
        else:
            self.status_bar.say(
                f"Learned: this is {article(label)} {label} (Undo forgets it).", 5000
            )
        self._expected = label
        self._update_samples()
        self.live.changed()  # read again with the new sample

    def undo_correction(self) -> None:
        """Forget the sample taught last in this session, if it is still in the profile; a
        drawing taught again as another digit is its earlier digit again."""
        drawing, self._last_drawing = self._last_drawing, None
        corrections = self._corrections
        self._set_corrections(0)
        taught = bool(self._taught)
        restored = False  # the earlier digit is taught again: the next Undo forgets it
        while self._taught:
            sample = self._taught.pop()
            try:
                removed = self.profile.remove(sample)
                its = self._drawing_of.pop(sample, None)
                redo = removed and its is not None and self._digit_showing(its) is not None
                if redo:  # what Redo teaches again, once the drawing is as it is now
                    depth = self.canvas.document.undo_depth
                    self._untaught.append(Untaught(its, sample.label, depth))
                if removed and self._relabelled and drawing is not None:
                    earlier = self._relabelled.pop()
                    self._taught.append(self.profile.add(drawing, earlier))
                    self._drawing_of[self._taught[-1]] = drawing
                    self._last_drawing = drawing
                    self.status_bar.say(
                        f"Forgot the {sample.label}: this is {article(earlier)} {earlier} again.",
                        5000,
                    )
                    restored = True
                    break
            except (InputError, OSError) as error:
                self._report(f"Could not forget the sample: {reason(error)}.")
                return
            if removed:
                self._relabelled = []
                again = " (Redo teaches it)" if redo else ""
                self.status_bar.say(f"Forgot the {sample.label} you taught last{again}.", 5000)
                break
            drawing = None  # the last sample's, gone already: not the earlier one's
        else:
            if taught:  # forgotten meanwhile, from a terminal
                self.status_bar.say(
                    "The samples taught here are no longer in your handwriting.", 5000
                )
        # The next Undo forgets the digit taught again, or a correction made before this one
        # on the same drawing (another digit of the number).
        self._set_corrections(corrections if restored else max(0, corrections - 1))
        self._update_samples()
        self.live.changed()

    @Slot()
    def _after_correction(self) -> None:
        """Once the drawing is read again after a correction: a reading that did not change
        is no sign the key was missed, so the status bar says why."""
        label, self._expected = self._expected, None
        if label is None or self.reading is None or not self._corrections:
            return
        read = self.reading.digits[self.selected].recognition.ranked[0][0]
        if read != label:
            self.status_bar.say(
                f"Learned: this is {article(label)} {label}, though still read as "
                f"{read}: more {label}s written like this will change that.",
                10000,
            )

    def _set_corrections(self, count: int) -> None:
        """How many corrections Undo forgets before it changes the drawing, and Undo and Redo
        as they now act."""
        self._corrections = count
        taught = count > 0
        self.undo_action.setEnabled(taught or self.canvas.document.can_undo())
        self.redo_action.setEnabled(self.canvas.document.can_redo() or bool(self._untaught))
        self.undo_action.setStatusTip(UNDO_CORRECTION_TIP if taught else UNDO_TIP)
        self.undo_action.setToolTip(UNDO_CORRECTION_TIP if taught else UNDO_TIP)

    def _digit_showing(self, drawing: object) -> int | None:
        """The index of the digit read whose own drawing this is (a digit's strokes or crop),
        or None when no digit of the reading shown is."""
        if self.reading is None:
            return None
        for index in range(len(self.reading.digits)):
            if self._digit_drawing(index) == drawing:
                return index
        return None

    def _selected_drawing(self):
        """The selected digit's own drawing: its strokes, or its part of an opened picture."""
        return self._digit_drawing(self.selected)

    def _digit_drawing(self, index: int):
        digit = self.reading.digits[index]
        return self.canvas.drawing() if digit.drawing is None else digit.drawing

    def _update_samples(self) -> None:
        count = 0 if self.profile is None else self.profile.count
        self._profile_revision = None if self.profile is None else self.profile.revision()
        self.import_profile_action.setEnabled(self.profile is not None)
        damage = None if count else self._profile_damage()
        self.samples_status.setText(
            f"Knows {plural(count, 'sample')} of yours"
            if count
            else ("Your samples cannot be read" if damage else "")
        )
        tip = "Your corrected samples, which digitpad learns from"
        if damage:
            tip = f"{sentence(damage)}\n{sentence(MEND_PROFILE)}"
        elif count:  # the profile's module is loaded by now; not before the first frame
            from digitpad.core.profile import LEARNED_SAMPLES

            tip += f" (the newest {LEARNED_SAMPLES})" if count > LEARNED_SAMPLES else ""
        self.samples_status.setToolTip(tip)
        # Beside the user's model, which reads without them: why the two may differ.
        self.ours_title.setText("digitpad, with your handwriting" if count else "digitpad")
        # A damaged index holds no readable sample, but Forget is the way to start afresh.
        self.forget_action.setEnabled(count > 0 or damage is not None)
        self.unteach_action.setEnabled(count > 0 and bool(self._taught))
        self.export_profile_action.setEnabled(count > 0)
        self.samples_action.setEnabled(count > 0)

    def _profile_damage(self) -> str | None:
        """Why the profile's index is there but cannot be read, or None."""
        if self.profile is None:
            return None
        try:
            self.profile.samples(strict=True)
        except InputError as error:
            return reason(error)
        return None

    def show_samples(self) -> None:
        """Learn ▸ My Handwriting: every sample, to remove those that are wrong."""
        from digitpad.gui.samples import SamplesDialog

        dialog = SamplesDialog(self.profile, self)
        dialog.samplesRemoved.connect(self._on_samples_removed)
        dialog.changedElsewhere.connect(self._catch_up_with_profile)
        dialog.exec()
        dialog.deleteLater()  # and its timer with it

    @Slot(list)
    def _on_samples_removed(self, samples: list[Sample]) -> None:
        removed = {sample.file for sample in samples}
        if self._taught and self._taught[-1].file in removed:
            # Undo Last Sample no longer has that correction to take back.
            self._last_drawing = None
            self._relabelled = []
            self._set_corrections(0)
        # Nor Undo those of this drawing's corrections (the last ones taught) that were removed.
        recent = self._taught[len(self._taught) - self._corrections :] if self._corrections else []
        self._set_corrections(self._corrections - sum(s.file in removed for s in recent))
        self._taught = [sample for sample in self._taught if sample.file not in removed]
        self._drawing_of = {s: d for s, d in self._drawing_of.items() if s.file not in removed}
        self.status_bar.say(f"Removed {plural(len(samples), 'sample')}.", 5000)
        self._update_samples()
        self.live.changed()

    def export_profile(self) -> None:
        """Write the user's samples into a folder they choose (Learn ▸ Export), or into a new
        folder inside it where it holds files already."""
        chosen = filedialogs.existing_directory(
            self, "Export your handwriting to a folder", self._last_folder()
        )
        if not chosen:
            return
        folder = new_folder_in(chosen, EXPORT_FOLDER)
        listed = self.profile.listed()  # as digitpad profile export counts
        try:
            with dialogs.busy():
                written = self.profile.export(folder)
        except (InputError, OSError) as error:
            self._report(f"Could not export your handwriting: {write_reason(error, chosen)}.")
            return
        from digitpad.core.profile import export_sentence

        said = self._status_clause(export_sentence(written, listed, folder), 8000)
        if written < listed:  # not only in a status bar that may cut it off
            dialogs.warn(self, said)

    def import_profile(self) -> None:
        """Add the samples of a folder with labels.csv, or of a copy of a profile folder
        (Learn ▸ Import)."""
        folder = filedialogs.existing_directory(
            self,
            "Import handwriting from a folder with labels.csv, or a copy of a profile",
            self._last_folder(),
        )
        if not folder:
            return
        try:
            with dialogs.busy():
                imported = self.profile.import_folder(folder)
        except (InputError, OSError) as error:
            self._report(f"Could not import from the folder {Path(folder).name}: {reason(error)}.")
            return
        self._status_clause(imported.sentence(), 8000)
        self._update_samples()
        self.live.changed()

    def forget_profile(self) -> None:
        """Delete every sample, once the user says so (Learn ▸ Forget)."""
        count = self.profile.count
        what = plural(count, "sample") + " of" if count else "the unreadable samples of"
        question = f"Forget {what} your handwriting? This cannot be undone."
        if not dialogs.confirm(self, question, "Forget"):
            return
        self._last_drawing, self._untaught = None, []  # nor does Redo teach one back
        self._drawing_of = {}
        self._set_corrections(0)
        try:
            self.profile.forget()
        except OSError as error:
            self._report(f"Could not forget every sample: {reason(error)}.")
        else:
            self.status_bar.say(f"Forgot {what} your handwriting.", 8000)
        self._update_samples()
        self.live.changed()

    def _catch_up_with_profile(self) -> None:
        """After `digitpad profile import|forget` from a terminal: the samples' count and the
        Learn menu as they are now, and the drawing read again with them (the reading process
        refits on its own)."""
        if self._notice_profile_changes():
            self.live.changed()

    def _notice_profile_changes(self) -> bool:
        """Whether `digitpad profile import|forget` changed the samples since the window last
        looked (from a terminal, say); if so, show the new count."""
        changed = self.profile is not None and self.profile.revision() != self._profile_revision
        if changed:
            self._update_samples()
        return changed


def new_folder_in(chosen: str, name: str) -> str:
    """chosen if it is an empty folder, else a folder inside it to be made: name, or name 2,
    name 3, ... (the first not taken)."""
    path = Path(chosen)
    try:
        if not any(path.iterdir()):
            return chosen
    except OSError:  # a folder that cannot be listed: exporting there says why
        return chosen
    names = itertools.chain([name], (f"{name} {number}" for number in itertools.count(2)))
    return str(next(path / new for new in names if not (path / new).exists()))
