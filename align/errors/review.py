"""The review: edits refused (E5xx; bead and sentence numbers 1-based, as the user sees them) and projects (E6xx)."""

from __future__ import annotations

from collections.abc import Iterable

from align.errors.base import ConflictError, EditError, FileSystemError, InputError, either, side_name

# --- E5xx: review edits (bead and sentence numbers are 1-based, as the user sees them) --------------

def no_such_bead(bead: int, count: int) -> EditError:
    return EditError(f"there is no bead {bead}", f"choose a bead between 1 and {count}", code="E501")


def unknown_side(side: str, allowed: Iterable[str]) -> EditError:
    return EditError(f"unknown side '{side}'", f"use {either(allowed)}", code="E502")


def no_next_bead_to_merge(bead: int) -> EditError:
    return EditError(f"bead {bead} is the last one", "there is no next bead to merge with", code="E503")


def nothing_to_merge(bead: int, side: str) -> EditError:
    return EditError(f"bead {bead} has no {side_name(side)} sentence to merge", "merge the other side or both",
                     code="E504")


def split_outside(bead: int, kind: str, src_at: int, tgt_at: int) -> EditError:
    return EditError(f"bead {bead} ({kind}) cannot be split at {src_at}/{tgt_at}",
                     "choose split points within each side", code="E505")


def split_leaves_empty(bead: int, src_at: int, tgt_at: int) -> EditError:
    return EditError(f"splitting bead {bead} at {src_at}/{tgt_at} leaves an empty bead",
                     "split between two sentences", code="E506")


def nothing_to_move(bead: int, side: str) -> EditError:
    return EditError(f"bead {bead} has no {side_name(side)} sentence to move", "choose the other side", code="E507")


def no_previous_bead() -> EditError:
    return EditError("the first bead has no previous bead", "move the sentence to the next bead", code="E508")


def no_next_bead() -> EditError:
    return EditError("the last bead has no next bead", "move the sentence to the previous bead", code="E509")


def unknown_direction(direction: str) -> EditError:
    return EditError(f"unknown direction '{direction}'", "use 'prev' or 'next'", code="E510")


def already_null(bead: int, kind: str) -> EditError:
    return EditError(f"bead {bead} is already a null bead ({kind})", "nothing to split out", code="E511")


def sentence_in_no_bead(side: str, sentence: int) -> EditError:
    return EditError(f"no bead holds {side_name(side)} sentence {sentence}", "choose a sentence of the selected bead",
                     code="E512")


def empty_sentence() -> EditError:
    return EditError("a sentence cannot be made empty", "detach the side or merge instead", code="E513")


def repair_text_gone(old: str) -> EditError:
    return EditError(f"the sentence no longer holds '{old}'", "it was edited: change it by hand", code="E514")


def edit_loses_sentences() -> EditError:
    return EditError("that change would lose or reorder sentences", "this is a bug; nothing was saved", code="E515")


def unknown_operation(op: str, allowed: Iterable[str]) -> EditError:
    return EditError(f"unknown operation '{op}'", f"use one of {either(allowed)}", code="E516")


def no_such_sentence(side: str, sentence: int) -> EditError:
    return EditError(f"there is no {side_name(side)} sentence {sentence}", "choose a sentence of this bead",
                     code="E517")


def unknown_decision(status: str, allowed: Iterable[str]) -> EditError:
    return EditError(f"unknown decision '{status}'", f"use {either(allowed)}", code="E518")


def no_such_repair(repair: int) -> EditError:
    return EditError(f"there is no OCR repair {repair}", "reload the page", code="E519")


def split_point_outside() -> EditError:
    return EditError("the split point must fall inside the sentence", "choose where the second part starts",
                     code="E520")


def other_bead_selected(selected: int, shown: int) -> EditError:
    return EditError(f"bead {selected} is selected now, not bead {shown}", "check it and press again", code="E521")


def words_not_in_sentence() -> EditError:
    return EditError("those words are not inside the sentence (after its start)",
                     "type the words the second part starts with", code="E522")


# --- E6xx: projects --------------------------------------------------------------------------------

def project_exists(path: str) -> InputError:
    return InputError(f"{path}: a project already exists there",
                      "open it with tmbuild ui, or choose another name", code="E601")


def no_such_project(path: str) -> InputError:
    return InputError(f"{path}: no such project", "create it with tmbuild align --project or the start page",
                      code="E602")


def not_a_project(path: str) -> InputError:
    return InputError(f"{path}: not a tmbuild project", "give a file made by tmbuild align --project", code="E603")


def project_changed(name: str, current: int, shown: int) -> ConflictError:
    return ConflictError(f"{name} was changed in another session (it is at edit {current}, this page shows edit "
                         f"{shown})", "reload the project to see those edits, then redo yours", code="E604")


def journal_mismatch(name: str) -> ConflictError:
    return ConflictError(f"{name}: the beads are not what the journal expects", "reload the project", code="E605")


def projects_unreadable_here(path: str, why: str) -> InputError:
    return InputError(f"{path}: is not a TMX, and projects cannot be read here ({why})", "give a TMX file",
                      code="E606")


def not_tmx_or_project(path: str) -> InputError:
    return InputError(f"{path}: neither a TMX file nor a tmbuild project",
                      "give a TMX file or a project made by tmbuild align --project", code="E607")


def project_is_a_folder(path: str) -> InputError:
    return InputError(f"{path}: is a folder, not a project file",
                      "give a .tmproj file, or a new name to create one", code="E608")


def project_busy(why: str) -> ConflictError:
    return ConflictError(f"the project file is busy or cannot be written ({why})",
                         "another session may be saving: try again in a moment", code="E610")


def project_unwritable(path: str, why: str) -> FileSystemError:
    return FileSystemError(f"{path}: the project cannot be written here ({why})",
                           "choose a folder you can write to, with free space", code="E609")
