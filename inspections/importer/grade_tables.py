"""Read graded judgments from the report's tables, whatever the programme.

A table reaches the parser as consecutive lines of tab-separated cells (see html_text and
pdf_text). The inspectorate lays grades out in two ways, both read here:

- one column per grade, its heading the grade, with the areas listed under it;
- one row per area with its grade (or one row per grade with its areas).

A table whose header names areas and whose next row gives grades is read too. An area is matched
by its name, short name or an alias; a cell that names no area and no grade is left alone.
"""

import re
from dataclasses import dataclass

from .reference import Programme
from .text import Paragraph, fold

_GRADE_WRAPPING = re.compile(r"^graded?\s*(?:as\b)?\s*:?\s*|\s*\([^)]*\)$")
_LIST = re.compile(r"\s*;\s*|\s*\n\s*")
_AROUND = re.compile(r"^[\W_]+|[\W_]+$")
_LIST_SEPARATOR = re.compile(r"(,\s+and\s+|,\s+|\s+and\s+|\s*&\s*)", re.I)


@dataclass(frozen=True)
class TableGrades:
    """The grades the tables give: area slug → (grade slug, the words that give it)."""

    grades: dict[str, tuple[str, str]]
    warnings: list[str]
    tables: int  # how many tables gave at least one grade


def table_rows(paragraphs: list[Paragraph]) -> list[list[Paragraph]]:
    """The report's tables, each as its run of consecutive tab-separated lines."""
    tables, current = [], []
    for paragraph in paragraphs:
        if paragraph.cells:
            current.append(paragraph)
            continue
        if current:
            tables.append(current)
        current = []
    if current:
        tables.append(current)
    return tables


def grades_from_tables(paragraphs: list[Paragraph], programme: Programme) -> TableGrades:
    """Every grade the report's tables give, in either layout; conflicting grades are warned of
    and the first is kept."""
    grades: dict[str, tuple[str, str]] = {}
    warnings: list[str] = []
    used = 0
    for rows in table_rows(paragraphs):
        pairs, unread = _read_table([p.cells for p in rows], programme)
        used += bool(pairs)
        if pairs:  # a grades table: a grade given to no known area is said, never dropped
            warnings += [
                f"The grades table gives “{cell}” {_words(grade)}, but it matches none of the "
                "programme's areas: no grade was recorded for it."
                for cell, grade in unread
            ]
        for area, grade, words in pairs:
            if area in grades and grades[area][0] != grade:
                warnings.append(
                    f"The report's tables grade “{programme.area_name(area)}” both "
                    f"{_words(grades[area][0])} and {_words(grade)}; the first was kept."
                )
                continue
            grades.setdefault(area, (grade, words))
    return TableGrades(grades, warnings, used)


def read_grade_table(rows: list[list[str]], programme: Programme) -> list[tuple[str, str, str]]:
    """(area, grade, words) for each grade one table gives, read by its layout.

    `rows` are the table's cells as the report writes them. Under grade columns, a row without
    grades lists areas; under area columns, a row without areas gives grades. Otherwise a row
    holding two or more grades and no area heads grade columns, one holding two or more areas
    and no grade heads area columns, and one holding a grade and areas pairs them.
    """
    return _read_table(rows, programme)[0]


def _read_table(
    rows: list[list[str]], programme: Programme
) -> tuple[list[tuple[str, str, str]], list[tuple[str, str]]]:
    """The table's (area, grade, words), and the (cell, grade) pairs whose cell is no area."""
    found: list[tuple[str, str, str]] = []
    unread: list[tuple[str, str]] = []
    column_grades: dict[int, tuple[str, str]] = {}  # column → (grade, its heading)
    column_areas: dict[int, tuple[list[str], str]] = {}  # column → (areas, its heading)
    for cells in rows:
        read = [(_grade_in(cell, programme), _areas_in(cell, programme)) for cell in cells]
        grade_cells = [i for i, (grade, _) in enumerate(read) if grade]
        area_cells = [i for i, (grade, areas) in enumerate(read) if areas and not grade]
        if column_grades and not grade_cells:
            for i, (grade, heading) in column_grades.items():
                if i in area_cells:
                    found += [(a, grade, f"{heading}: {cells[i]}") for a in read[i][1]]
                elif i < len(cells) and cells[i]:
                    unread.append((cells[i], grade))
        elif column_areas and not area_cells:
            for i in grade_cells:
                if i in column_areas:
                    areas, heading = column_areas[i]
                    found += [(a, read[i][0], f"{heading}: {cells[i]}") for a in areas]
        elif len(grade_cells) >= 2 and not area_cells:
            column_grades, column_areas = {i: (read[i][0], cells[i]) for i in grade_cells}, {}
        elif len(area_cells) >= 2 and not grade_cells:
            column_areas, column_grades = {i: (read[i][1], cells[i]) for i in area_cells}, {}
        elif len(grade_cells) == 1 and area_cells:
            grade = read[grade_cells[0]][0]
            words = " – ".join(cells[i] for i in (*area_cells, grade_cells[0]))
            found += [(a, grade, words) for i in area_cells for a in read[i][1]]
        elif len(grade_cells) == 1 and not column_grades and not column_areas:
            grade = read[grade_cells[0]][0]
            unread += [(cell, grade) for cell in cells[: grade_cells[0]] if cell][:1]
    return found, unread


def _grade_in(cell: str, programme: Programme) -> str:
    """The grade a cell states: its whole wording is a grade name, or 'Grade: Good', 'Graded as
    good' or 'Requires improvement (RI)'."""
    words = _GRADE_WRAPPING.sub("", " ".join(fold(cell).split()).casefold())
    words = _AROUND.sub("", words)
    if not words or len(words.split()) > 3:
        return ""
    if re.fullmatch(programme.grade_pattern, words, re.I):
        return programme.grade_slug(words)
    return ""


def _areas_in(cell: str, programme: Programme) -> list[str]:
    """The areas a cell names: one, or several as a list ('A; B' or 'A, B and C')."""
    found = []
    for piece in filter(None, (_AROUND.sub("", p) for p in _LIST.split(cell))):
        run = _areas_in_run(piece, programme)
        if run:
            found += run
            continue
        area = _area_named(piece, programme)
        if area:
            found.append(area)
            continue
        found += _areas_in_list(piece, programme)
    return list(dict.fromkeys(found))


def _areas_in_list(listed: str, programme: Programme) -> list[str]:
    """Areas in 'A, B and C', where an area's own name may hold commas and 'and'; all or none."""
    parts = _LIST_SEPARATOR.split(listed)
    pieces, separators = parts[0::2], parts[1::2]
    areas, start = [], 0
    while start < len(pieces):
        for stop in range(len(pieces) - 1, start - 1, -1):  # the longest wording first
            phrase = pieces[start] + "".join(
                separators[i] + pieces[i + 1] for i in range(start, stop)
            )
            area = _area_named(phrase, programme)
            if area:
                areas.append(area)
                start = stop + 1
                break
        else:
            return []
    return areas if len(areas) > 1 else []


def _areas_in_run(text: str, programme: Programme) -> list[str]:
    """Two or more areas named one after another with only spaces between, as a PDF's cell
    reads when its lines are joined: each must be a name, short name or alias exactly."""
    words = fold(text).split()
    areas, start = [], 0
    while start < len(words):
        for stop in range(len(words), start, -1):  # the longest wording first
            area = _area_exactly(" ".join(words[start:stop]), programme)
            if area:
                areas.append(area)
                start = stop
                break
        else:
            return []
    return areas if len(areas) > 1 else []


def _area_named(phrase: str, programme: Programme) -> str | None:
    """The area a phrase names: exactly by a name, short name or alias, or closely by words."""
    wanted = " ".join(fold(phrase).split())
    if not wanted or len(wanted.split()) > 20:
        return None
    return _area_exactly(wanted, programme) or programme.match_area(phrase)


def _area_exactly(phrase: str, programme: Programme) -> str | None:
    wanted = phrase.casefold()
    for slug, wordings in programme.areas.items():
        names = (*wordings, programme.short_names.get(slug, ""))
        if any(wanted == " ".join(fold(n).split()).casefold() for n in names if n):
            return slug
    return None


def _words(grade: str) -> str:
    return grade.replace("_", " ")
