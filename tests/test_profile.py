"""The handwriting profile on disk: atomic writes, forgetting, export and import."""

import csv
import io
import json
import os
import struct
import subprocess
import sys

import numpy as np
import pytest
from helpers import ROOT, SAMPLES, unblock_readers
from PIL import Image

from digitpad.cli import main
from digitpad.core import profile as profile_module
from digitpad.core.errors import InputError
from digitpad.core.files import load_drawing
from digitpad.core.ink import Ink, read_ink
from digitpad.core.logs import LOG_NAME, log_dir
from digitpad.core.preprocess import model_input
from digitpad.core.profile import WRITE_LOCK, Imported, Profile, default_profile_dir


@pytest.fixture
def profile(tmp_path):
    return Profile.open(tmp_path / "profile")


def ink(name="pen-4-0.json"):
    return read_ink(SAMPLES / name)


def picture(name="mnist-7-0.png"):
    return load_drawing(SAMPLES / name)


def files_under(folder):
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())


def read_idx(path):
    data = path.read_bytes()
    assert data[:3] == b"\x00\x00\x08"
    dims = data[3]
    shape = struct.unpack(f">{dims}I", data[4 : 4 + 4 * dims])
    return np.frombuffer(data, np.uint8, offset=4 + 4 * dims).reshape(shape)


def test_the_profile_lives_in_the_per_user_data_folder(tmp_path, monkeypatch):
    monkeypatch.setenv("DIGITPAD_DATA_DIR", str(tmp_path / "data"))
    assert default_profile_dir() == tmp_path / "data" / "profile"
    assert Profile.open().path == tmp_path / "data" / "profile"
    monkeypatch.delenv("DIGITPAD_DATA_DIR")
    from platformdirs import user_data_dir

    assert default_profile_dir().parent.as_posix() == user_data_dir("digitpad", appauthor=False)


def test_opening_writes_nothing_and_an_empty_profile_has_no_samples(profile):
    assert profile.samples() == [] and profile.count == 0 and profile.revision() is None
    assert not profile.path.exists()


def test_samples_keep_the_ink_or_the_picture_with_the_label(profile):
    first = profile.add(ink(), 4)
    second = profile.add(picture(), 7)
    assert [(s.label, s.path.suffix == ".json") for s in profile.samples()] == [
        (4, True),
        (7, False),
    ]
    assert profile.count == 2
    assert read_ink(first.path) == ink()  # the app's own ink format, unchanged
    with Image.open(second.path) as stored:
        assert stored.format == "PNG"
    np.testing.assert_array_equal(second.model_input(), model_input(picture()))
    lines = (profile.path / "samples.csv").read_text(encoding="utf-8").splitlines()
    assert lines[0] == "file,label,created"
    assert lines[1].startswith(f"{first.file},4,") and first.file.startswith("samples/")


def test_a_label_that_is_not_a_digit_or_an_empty_drawing_is_refused(profile):
    with pytest.raises(InputError, match="not a digit"):
        profile.add(ink(), 10)
    with pytest.raises(InputError, match="nothing to learn"):
        profile.add(Ink(360, 360, []), 3)
    assert profile.count == 0


def test_every_write_is_atomic_and_a_failed_add_leaves_the_profile_as_it_was(profile, monkeypatch):
    written = []
    real = profile_module.atomic_write

    def spy(path, data):
        written.append(path.relative_to(profile.path).as_posix())
        if path.name == "samples.csv" and len(written) > 2:
            raise OSError("disk full")
        real(path, data)

    monkeypatch.setattr(profile_module, "atomic_write", spy)
    profile.add(ink(), 4)
    # Nothing written any other way, but the lock the changes hold, which holds nothing.
    assert sorted([*written, WRITE_LOCK]) == files_under(profile.path)
    assert (profile.path / WRITE_LOCK).stat().st_size == 0
    before = profile.samples()
    index = (profile.path / "samples.csv").read_bytes()
    with pytest.raises(OSError, match="disk full"):
        profile.add(ink("pen-5-0.json"), 5)
    assert profile.samples() == before
    assert (profile.path / "samples.csv").read_bytes() == index
    assert len(files_under(profile.path / "samples")) == 1  # the new sample's file is gone


def test_a_row_that_is_not_utf8_loses_only_itself(profile, capsys):
    kept = [profile.add(ink(), 4), profile.add(ink("pen-7-0.json"), 7)]
    index = profile.path / "samples.csv"
    index.write_bytes(index.read_bytes() + b"samples/x.json,1,caf\xe9\n")
    assert [s.file for s in profile.samples()] == [s.file for s in kept]
    profile.add(ink("pen-5-0.json"), 5)
    assert profile.labels().tolist() == [4, 7, 5]
    assert main(["profile", "show", "--profile", str(profile.path)]) == 0
    assert "3 samples" in capsys.readouterr().out


def test_a_damaged_row_stays_in_the_index_while_its_file_is_there(profile):
    first, second, gone = (
        profile.add(ink(name), 4) for name in ("pen-4-0.json", "pen-9-0.json", "pen-3-0.json")
    )
    gone.path.unlink()
    index = profile.path / "samples.csv"
    damaged = index.read_text().replace(f"{second.file},4,", f"{second.file},four,")
    index.write_text(damaged)
    assert profile.samples() == [first] and profile.listed() == 3
    profile.add(ink("pen-5-0.json"), 5)
    profile.remove(first)
    # Written twice since, the damaged row is as it was and where it was; the row whose
    # file is gone went.
    rows = list(csv.reader(io.StringIO(index.read_text())))
    assert rows[1] == [second.file, "four", second.created] and len(rows) == 3
    index.write_text(index.read_text().replace(",four,", ",9,"))  # mended by hand
    assert [s.label for s in profile.samples()] == [9, 5]


def test_a_skipped_row_is_logged_once_with_why(profile, caplog):
    # A fresh tester's log had 15 copies of "skipping line 3" in a second, and no reason.
    kept, gone = (profile.add(ink(name), 4) for name in ("pen-4-0.json", "pen-9-0.json"))
    gone.path.unlink()
    with caplog.at_level("WARNING", logger="digitpad.core.profile"):
        for _ in range(3):
            assert profile.samples() == [kept]
    [said] = [r.getMessage() for r in caplog.records if "skipping line" in r.getMessage()]
    assert said.startswith(f"skipping line 3 of {profile.index_path} (no file of that name is in")


def test_a_row_naming_its_file_otherwise_is_read_or_kept_as_it_was(profile):
    # Fresh testers' hand edits: "./samples/…" and an absolute path name the same files; one
    # with a label that is no digit stays through later changes as it was.
    a, b, c, d = (
        profile.add(ink(name), 4)
        for name in ("pen-4-0.json", "pen-9-0.json", "pen-3-0.json", "pen-5-0.json")
    )
    index = profile.path / "samples.csv"
    text = index.read_text().replace(f"{a.file},4,", f"./{a.file},7,")
    text = text.replace(f"{b.file},4,", f"{b.path.resolve()},x,")
    text = text.replace(f"{d.file},4,", f"{d.path.resolve()},5,")
    index.write_text(text)
    read = [(s.file, s.label) for s in profile.samples()]
    assert read == [(a.file, 7), (c.file, 4), (d.file, 5)]
    profile.remove(c)
    rows = list(csv.reader(io.StringIO(index.read_text())))
    assert rows[1][:2] == [a.file, "7"] and rows[2][:2] == [str(b.path.resolve()), "x"]
    assert rows[3][:2] == [d.file, "5"] and b.path.exists() and len(rows) == 4


def test_an_index_that_cannot_be_read_is_never_replaced(profile, capsys):
    profile.add(ink(), 4)
    index = profile.path / "samples.csv"
    damaged = b"file;label;created\n" + index.read_bytes().split(b"\n", 1)[1]
    index.write_bytes(damaged)
    assert profile.samples() == []  # read as empty by the recognizer, and logged
    with pytest.raises(InputError, match="does not begin with its header file,label,created"):
        profile.add(ink("pen-7-0.json"), 7)
    assert index.read_bytes() == damaged
    assert main(["profile", "show", "--profile", str(profile.path)]) == 2
    assert "does not begin with its header" in capsys.readouterr().err
    sample = str(SAMPLES / "pen-4-0.json")
    assert main(["predict", sample, "--profile", str(profile.path)]) == 2  # not read without it
    assert "does not begin with its header" in capsys.readouterr().err


def test_an_index_of_random_bytes_is_damaged_in_words_not_csvs(profile):
    profile.add(ink(), 4)
    profile.index_path.write_bytes(b"file,label,created\nsamples/a\rb.json,4,x\n")
    with pytest.raises(InputError) as error:
        profile.samples(strict=True)
    assert str(error.value) == f"the profile's index {profile.index_path} is damaged at line 2"


def test_forget_deletes_every_file(profile):
    for name, label in (("pen-4-0.json", 4), ("pen-5-1.json", 5)):
        profile.add(ink(name), label)
    profile.add(picture(), 7)
    (profile.path / "features.npz").write_bytes(b"cache")
    (profile.path / ".samples.csv.x1y2.tmp").write_bytes(b"an interrupted write")
    assert len(files_under(profile.path)) == 7  # with the lock the changes held
    assert profile.forget() == 6  # the lock goes too, but holds no sample
    assert not profile.path.exists()
    assert profile.samples() == [] and profile.revision() is None


def test_the_command_line_forgets_and_says_how_many_samples(profile, capsys):
    for label in (4, 5, 4):
        profile.add(ink(), label)
    assert main(["profile", "show", "--profile", str(profile.path)]) == 0
    assert capsys.readouterr().out.strip() == (
        f"{profile.path}: 3 samples (digit 4: 2, digit 5: 1)"
    )
    assert main(["profile", "forget", "--yes", "--profile", str(profile.path)]) == 0
    assert capsys.readouterr().out.startswith("forgot 3 samples")
    assert not (profile.path / "samples.csv").exists()


def test_the_command_line_forgets_a_profile_whose_index_cannot_be_read(profile, capsys):
    for label in (4, 5):
        profile.add(ink(), label)
    profile.index_path.write_text("not the header\n")
    assert main(["profile", "forget", "--yes", "--profile", str(profile.path)]) == 0
    assert capsys.readouterr().out.startswith("forgot every sample")
    assert not profile.path.exists()


@pytest.mark.parametrize("answer, kept", [("n", True), ("", True), ("y", False)])
def test_the_command_line_asks_before_forgetting(profile, monkeypatch, capsys, answer, kept):
    profile.add(ink(), 4)
    asked = []
    monkeypatch.setattr("sys.stdin.isatty", lambda: True)
    monkeypatch.setattr("builtins.input", lambda prompt: asked.append(prompt) or answer)
    assert main(["profile", "forget", "--profile", str(profile.path)]) == 0
    assert asked == [f"Forget 1 sample in {profile.path}? [y/N] "]
    assert profile.count == (1 if kept else 0)
    assert capsys.readouterr().out.startswith("kept 1 sample" if kept else "forgot 1 sample")


def test_the_command_line_forgets_nothing_unasked_without_yes(profile, monkeypatch, capsys):
    profile.add(ink(), 4)
    monkeypatch.setattr("sys.stdin.isatty", lambda: False)  # a script: nobody to ask
    assert main(["profile", "forget", "--profile", str(profile.path)]) == 2
    said = "deletes 1 sample; add --yes to forget it without being asked"
    assert said in capsys.readouterr().err and profile.count == 1


def test_the_command_line_says_when_an_import_brings_nothing_new(profile, tmp_path, capsys):
    profile.add(ink(), 4)
    profile.export(tmp_path / "out")
    target = str(tmp_path / "again")
    for expected in ("imported 1 sample", "imported no new samples"):
        assert main(["profile", "import", str(tmp_path / "out"), "--profile", target]) == 0
        assert capsys.readouterr().out.startswith(expected)
    (tmp_path / "empty").mkdir()
    (tmp_path / "empty" / "labels.csv").write_text("file,label\n")
    assert main(["profile", "import", str(tmp_path / "empty"), "--profile", target]) == 2
    assert "labels.csv lists no samples" in capsys.readouterr().err


def test_importing_a_profiles_own_export_adds_nothing(profile, tmp_path):
    profile.add(ink(), 4)
    profile.add(picture(), 7)
    profile.export(tmp_path / "out")
    assert profile.import_folder(tmp_path / "out") == Imported([], held=2)
    assert profile.count == 2


def test_a_copy_of_a_profile_folder_imports_back_strokes_and_all(profile, tmp_path, capsys):
    import shutil

    profile.add(ink(), 4)
    profile.add(picture(), 7)
    backup = tmp_path / "backup"
    shutil.copytree(profile.path, backup)
    restored = Profile.open(tmp_path / "restored")
    assert [s.label for s in restored.import_folder(backup).added] == [4, 7]
    kept = [s.path.read_bytes() for s in profile.samples()]
    assert [s.path.read_bytes() for s in restored.samples()] == kept  # the ink, not its input
    assert restored.import_folder(backup) == Imported([], held=2)
    # From the command line too; as a profile reads past a sample it cannot read, so does
    # restoring it, and says so: a damaged sample file, a row whose file is gone.
    next((backup / "samples").glob("*.json")).write_text("{")
    target = str(tmp_path / "other")
    assert main(["profile", "import", str(backup), "--profile", target]) == 0
    said = "imported 1 sample; left out 1 sample that cannot be read (see the log)\n"
    assert capsys.readouterr().out == said
    next((backup / "samples").glob("*.png")).unlink()
    assert main(["profile", "import", str(backup), "--profile", str(tmp_path / "third")]) == 0
    said = "imported no new samples; left out 2 samples that cannot be read (see the log)\n"
    assert capsys.readouterr().out == said


def test_an_import_says_when_the_samples_taught_before_no_longer_count(
    profile, tmp_path, monkeypatch
):
    monkeypatch.setattr(profile_module, "LEARNED_SAMPLES", 2)
    profile.add(ink(), 4)  # a correction, then a dataset of two: only those two are read
    folder = tmp_path / "dataset"
    folder.mkdir()
    for name in ("mnist-7-0.png", "mnist-4-0.png"):
        picture(name).save(folder / name)
    (folder / "labels.csv").write_text("file,label\nmnist-7-0.png,7\nmnist-4-0.png,4\n")
    assert profile.import_folder(folder).sentence() == (
        "imported 2 samples; only the newest 2 of its 3 samples are learned from: the 1 oldest, "
        "those taught before it first, no longer change a reading"
    )


def test_an_import_never_teaches_a_drawing_as_a_second_digit(profile, tmp_path, capsys):
    # Exported as a 4, then corrected to a 9: the old export does not bring the 4 back.
    first = profile.add(ink(), 4)
    profile.export(tmp_path / "out")
    profile.remove(first)
    profile.add(ink(), 9)
    profile.add(picture(), 7)
    assert main(["profile", "import", str(tmp_path / "out"), "--profile", str(profile.path)]) == 0
    assert capsys.readouterr().out == (
        "imported no new samples; left out 1 drawing held as another digit\n"
    )
    assert profile.labels().tolist() == [9, 7]


def test_the_command_line_needs_a_profile_folder_to_show_forget_or_export(tmp_path, capsys):
    (tmp_path / "photos").mkdir()
    (tmp_path / "photos" / "a.png").write_bytes(b"mine")
    says = {"nowhere": "no such folder", "photos": "is not a handwriting profile folder"}
    for name, sentence in says.items():
        for action in (["show"], ["forget"], ["export", str(tmp_path / "out")]):
            assert main(["profile", *action, "--profile", str(tmp_path / name)]) == 2
            assert sentence in capsys.readouterr().err
    assert (tmp_path / "photos" / "a.png").read_bytes() == b"mine"
    assert not (tmp_path / "out").exists()


def test_the_command_line_says_which_folder_it_cannot_use_in_words(profile, tmp_path, capsys):
    profile.add(ink(), 4)
    target = ["--profile", str(profile.path)]
    (tmp_path / "file.txt").write_text("x")
    for action, folder, expected in (
        ("import", tmp_path / "nowhere", f"there is no folder {tmp_path / 'nowhere'}"),
        ("import", tmp_path / "file.txt", "is a file; choose the folder that holds labels.csv"),
        (
            "export",
            tmp_path / "file.txt" / "out",
            "file.txt is a file, not a folder to export into",
        ),
    ):
        assert main(["profile", action, str(folder), *target]) == 2
        error = capsys.readouterr().err
        assert expected in error and "Errno" not in error
    profile.export(tmp_path / "out")
    inside_a_file = str(tmp_path / "file.txt" / "p")
    assert main(["profile", "import", str(tmp_path / "out"), "--profile", inside_a_file]) == 2
    assert capsys.readouterr().err.startswith(
        f"digitpad: cannot import into the profile {inside_a_file}:"
    )
    for command in (["profile", "show"], ["predict", str(tmp_path / "file.txt")]):
        assert main([*command, "--profile", ""]) == 2
        assert capsys.readouterr().err == "digitpad: --profile needs a folder, or default\n"


def test_exporting_a_profile_with_no_samples_writes_nothing(profile, tmp_path, capsys):
    profile.remove(profile.add(ink(), 4))  # a profile, with no samples left
    out = tmp_path / "out"
    assert main(["profile", "export", str(out), "--profile", str(profile.path)]) == 0
    assert "no samples to export" in capsys.readouterr().out
    assert not out.exists()
    # A folder it could not export into is refused all the same, as with samples.
    (tmp_path / "notes.txt").write_text("mine")
    for target, says in (
        (tmp_path / "notes.txt", "is a file; choose an empty folder"),
        (tmp_path, "is not empty; choose an empty one"),
        (tmp_path / "new" / "out", "there is no folder"),
    ):
        assert main(["profile", "export", str(target), "--profile", str(profile.path)]) == 2
        assert says in capsys.readouterr().err


def test_forget_leaves_the_users_own_files_among_the_samples(profile):
    profile.add(ink(), 4)
    (profile.path / "samples" / "userphoto.png").write_bytes(b"mine")
    (profile.path / "samples" / "sub").mkdir()
    (profile.path / "samples" / "sub" / "deep.txt").write_text("mine")
    assert profile.forget() == 2  # the index and the one sample
    assert files_under(profile.path) == ["samples/sub/deep.txt", "samples/userphoto.png"]


def test_forget_leaves_files_it_did_not_write(profile):
    profile.add(ink(), 4)
    (profile.path / "notes.txt").write_text("mine")
    profile.forget()
    assert files_under(profile.path) == ["notes.txt"]


def test_remove_takes_one_sample_back(profile):
    keep = profile.add(ink(), 4)
    undo = profile.add(ink("pen-9-0.json"), 4)
    assert profile.remove(undo) and not undo.path.exists()
    assert profile.samples() == [keep] and not profile.remove(undo)


def test_several_samples_are_removed_at_once_and_only_those_there_count(profile):
    a, b, c = (
        profile.add(ink(name), 4) for name in ("pen-4-0.json", "pen-9-0.json", "pen-3-0.json")
    )
    assert profile.remove_many([a, c.file]) == 2
    assert profile.samples() == [b] and not a.path.exists() and not c.path.exists()
    assert profile.remove_many([a, b]) == 1 and profile.count == 0
    assert profile.remove_many([]) == 0


def test_export_writes_pngs_labels_csv_and_idx_and_import_reads_it_back(profile, tmp_path):
    drawings = [(ink("pen-3-0.json"), 3), (ink("pen-8-1.json"), 8), (picture("mnist-2-0.png"), 2)]
    profile.add_many(drawings)
    out = tmp_path / "export"
    assert profile.export(out) == 3
    rows = list(csv.reader(io.StringIO((out / "labels.csv").read_text(encoding="utf-8"))))
    assert rows[0] == ["file", "label"]
    assert [int(label) for _, label in rows[1:]] == [3, 8, 2]
    images = read_idx(out / "images-idx3-ubyte")
    labels = read_idx(out / "labels-idx1-ubyte")
    assert images.shape == (3, 28, 28) and labels.tolist() == [3, 8, 2]
    for (name, _), pixels, (drawing, _) in zip(rows[1:], images, drawings):
        with Image.open(out / name) as png:
            assert png.mode == "L" and png.size == (28, 28)
            np.testing.assert_array_equal(np.asarray(png), pixels)
        # White on black like MNIST: the network's own input, to 1/255.
        np.testing.assert_allclose(pixels / 255, model_input(drawing), atol=0.5 / 255)

    again = Profile(tmp_path / "again")
    imported = again.import_folder(out).added
    assert [s.label for s in imported] == [3, 8, 2] == again.labels().tolist()
    for sample, pixels in zip(imported, images):
        # Read back through the app's preprocessing, as any picture is.
        assert np.abs(sample.model_input() - pixels / 255).mean() < 0.02
    # Importing the same export again adds nothing.
    assert again.import_folder(out) == Imported([], held=3) and again.count == 3


def test_import_reads_any_folder_of_labelled_digit_images(profile, tmp_path):
    folder = tmp_path / "mine"
    (folder / "inks").mkdir(parents=True)
    black_on_white = Image.fromarray(255 - np.asarray(picture("mnist-1-0.png").convert("L")))
    black_on_white.resize((112, 112)).save(folder / "one.png")
    (folder / "inks" / "six.json").write_text(json.dumps(ink("pen-6-0.json").to_json()))
    (folder / "labels.csv").write_text(
        "file,label,writer\none.png,1,me\n\ninks/../inks/six.json,6,me\n"
    )
    samples = profile.import_folder(folder).added
    assert [(s.label, s.path.suffix == ".json") for s in samples] == [(1, False), (6, True)]
    assert profile.count == 2


@pytest.mark.parametrize(
    "rows, message",
    [
        ("a.png,x\n", "line 3: the label 'x' is not a digit 0-9"),
        ("a.png,12\n", "line 3: the label '12' is not a digit 0-9"),
        ("missing.png,4\n", "line 3: the file missing.png does not exist"),
        ("../outside.png,4\n", "line 3: ../outside.png is not a file inside the folder"),
        ("link.png,4\n", "line 3: link.png is not a file inside the folder"),
        ("blank.png,4\n", "line 3: blank.png: there is nothing to learn from"),
        ("notes.txt,4\n", "line 3: notes.txt: not an image file"),
        ("a.png\n", "line 3: expected a file name and a label"),
    ],
)
def test_a_bad_row_is_refused_in_one_sentence_and_nothing_is_imported(
    profile, tmp_path, rows, message
):
    folder = tmp_path / "bad"
    folder.mkdir()
    picture("mnist-4-0.png").save(folder / "a.png")
    Image.new("L", (28, 28), 255).save(folder / "blank.png")
    (folder / "notes.txt").write_text("hello")
    (tmp_path / "outside.png").write_bytes((folder / "a.png").read_bytes())
    (folder / "link.png").symlink_to(tmp_path / "outside.png")  # inside, but leads out
    (folder / "labels.csv").write_text("file,label\na.png,4\n" + rows)
    profile.add(ink(), 4)
    before = files_under(profile.path)
    with pytest.raises(InputError) as error:
        profile.import_folder(folder)
    text = str(error.value)
    assert text.startswith("labels.csv, line 3") and message in text and "\n" not in text
    assert files_under(profile.path) == before and profile.count == 1


def test_import_decides_by_where_a_file_really_is(profile, tmp_path):
    folder = tmp_path / "imp"
    folder.mkdir()
    picture("mnist-4-0.png").save(folder / "a.png")
    # Through a folder that does not exist, and back into imp: a file inside it.
    (folder / "labels.csv").write_text("file,label\nnope/../../imp/a.png,4\n")
    assert [s.label for s in profile.import_folder(folder).added] == [4]


def test_importing_the_folder_an_export_was_put_in_names_the_export(profile, tmp_path):
    profile.add(ink(), 4)
    chosen = tmp_path / "files"
    chosen.mkdir()
    profile.export(chosen / "digitpad handwriting")
    with pytest.raises(InputError) as error:
        profile.import_folder(chosen)
    assert str(error.value) == (
        f"there is no labels.csv in {chosen}, but the folder digitpad handwriting in it has one"
    )


def test_a_folder_without_labels_or_with_another_header_is_refused(profile, tmp_path):
    with pytest.raises(InputError, match=r"no labels\.csv"):
        profile.import_folder(tmp_path)
    (tmp_path / "labels.csv").write_text("name,digit\na.png,4\n")
    with pytest.raises(InputError, match="header line 'file,label'"):
        profile.import_folder(tmp_path)


def test_export_refuses_a_folder_that_is_not_empty(profile, tmp_path):
    profile.add(ink(), 4)
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "keep.txt").write_text("precious")
    with pytest.raises(InputError, match="not empty"):
        profile.export(tmp_path / "full")
    assert files_under(tmp_path / "full") == ["keep.txt"]
    with pytest.raises(InputError, match="is a file; choose an empty folder"):
        profile.export(tmp_path / "full" / "keep.txt")
    assert (tmp_path / "full" / "keep.txt").read_text() == "precious"
    mistyped = tmp_path / "no-such" / "deep" / "export"  # nothing is made along the way
    with pytest.raises(InputError, match=f"there is no folder {mistyped.parent} to export into"):
        profile.export(mistyped)
    assert not (tmp_path / "no-such").exists()
    profile.export(tmp_path / "new")  # a new folder in one that exists is made
    assert (tmp_path / "new" / "labels.csv").exists()


def test_an_import_says_what_it_left_out_beside_what_it_added():
    assert Imported([], held=2).sentence() == (
        "imported no new samples: the profile holds them all already"
    )
    assert Imported([object()] * 3, held=2, conflicting=1).sentence() == (
        "imported 3 samples; left out 2 drawings the profile already holds and 1 held as "
        "another digit"
    )


def test_an_export_says_how_many_samples_it_could_not_read(profile, tmp_path, capsys):
    kept = [profile.add(ink(), 4), profile.add(picture(), 7)]
    kept[1].path.write_bytes(b"no longer a picture")
    assert main(["profile", "export", str(tmp_path / "out"), "--profile", str(profile.path)]) == 0
    assert capsys.readouterr().out == (
        f"exported 1 sample to {tmp_path / 'out'}; left out 1 sample that could not be read "
        f"(see {log_dir() / LOG_NAME})\n"
    )


def test_show_and_export_count_a_missing_and_a_corrupt_file_alike(profile, tmp_path, capsys):
    kept = [profile.add(ink(), 4), profile.add(picture(), 7)]
    kept += [profile.add(ink("pen-5-0.json"), 5), profile.add(ink("pen-9-0.json"), 9)]
    kept[1].path.unlink()  # deleted
    kept[3].path.write_bytes(b"no longer a drawing")  # corrupt
    assert main(["profile", "show", "--profile", str(profile.path)]) == 0
    assert capsys.readouterr().out == (
        f"{profile.path}: 2 samples (digit 4: 1, digit 5: 1); 2 samples cannot be read "
        f"(see {log_dir() / LOG_NAME})\n"
    )
    assert main(["profile", "export", str(tmp_path / "out"), "--profile", str(profile.path)]) == 0
    assert capsys.readouterr().out == (
        f"exported 2 samples to {tmp_path / 'out'}; left out 2 samples that could not be read "
        f"(see {log_dir() / LOG_NAME})\n"
    )


def test_the_command_line_takes_the_folder_before_or_after_the_options(profile, tmp_path, capsys):
    profile.add(ink(), 4)
    for n, argv in enumerate(
        (["--profile", str(profile.path), "{}"], ["{}", "--profile", str(profile.path)])
    ):
        out = tmp_path / f"out{n}"
        assert main(["profile", "export", *[a.format(out) for a in argv]]) == 0
        assert capsys.readouterr().out.startswith("exported 1 sample")
    with pytest.raises(SystemExit):
        main(["profile", "export", "--profile", str(profile.path), "a", "b"])
    assert "unrecognized arguments: a b" in capsys.readouterr().err


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes (POSIX)")
def test_a_pipe_for_labels_or_a_row_is_refused_before_it_is_read(profile, tmp_path):
    # Reading a pipe would wait for a writer for ever: import, evaluate --data and the window.
    folder = tmp_path / "import"
    folder.mkdir()
    os.mkfifo(folder / "labels.csv")
    unblock_readers(folder / "labels.csv")
    with pytest.raises(InputError, match=r"labels\.csv is a device or a pipe, not a file"):
        profile.import_folder(folder)
    (folder / "labels.csv").unlink()
    (folder / "labels.csv").write_text("file,label\npipe.png,3\n")
    os.mkfifo(folder / "pipe.png")
    unblock_readers(folder / "pipe.png")
    with pytest.raises(InputError, match=r"line 2: pipe\.png is a device or a pipe, not a file"):
        profile.import_folder(folder)
    assert profile.count == 0


def test_two_processes_adding_at_once_keep_each_others_samples(profile):
    # Two windows, or a window and `digitpad profile import`, writing the same profile.
    script = (
        "import sys\n"
        "from digitpad.core.ink import read_ink\n"
        "from digitpad.core.profile import Profile\n"
        f"drawing = read_ink({str(SAMPLES / 'pen-4-0.json')!r})\n"
        "for _ in range(40):\n"
        "    Profile(sys.argv[1]).add(drawing, 4)\n"
    )
    writers = [
        subprocess.Popen([sys.executable, "-c", script, str(profile.path)], cwd=ROOT)
        for _ in range(2)
    ]
    assert [writer.wait(timeout=120) for writer in writers] == [0, 0]
    assert profile.listed() == len(profile.samples()) == 80
    assert len(files_under(profile.path / "samples")) == 80  # none left unnamed


def test_a_change_waiting_too_long_for_another_says_so_and_changes_nothing(profile, monkeypatch):
    from filelock import FileLock

    from digitpad.core import profile as profiles

    profile.add(ink(), 4)
    monkeypatch.setattr(profiles, "WRITE_WAIT_S", 0.2)
    with FileLock(profile.path / WRITE_LOCK), pytest.raises(InputError) as error:
        profile.add(ink(), 5)  # another process's change has not ended
    assert str(error.value) == (
        f"the profile {profile.path} is being changed by another digitpad: try again once it "
        "is done"
    )
    assert profile.labels().tolist() == [4]
