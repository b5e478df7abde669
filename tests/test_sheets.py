"""Phone numbers stay text in Excel and WPS: a leading tab in CSV, typed text cells in .xlsx."""
import csv
import io

from pipeline.calendar import contacts_csv, directory, write_calendar
from pipeline.sheets import to_csv, to_xlsx

PEOPLE = [{"id": "a", "doc_number": None, "title": "关于甲的通知", "source": {"path": "a"},
           "contacts": [{"name": "刘煌", "org": "省教育厅职成处", "phones": ["13934209149"], "emails": []},
                        {"name": None, "org": None, "phones": ["03513193088"], "emails": []}]}]


def _rows(text):
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:])))


def test_phone_fields_start_with_a_tab_and_keep_every_digit():
    rows = _rows(contacts_csv(directory(PEOPLE)))
    phone = rows[0].index("电话")
    assert [r[phone] for r in rows[1:]] == ["\t13934209149", "\t03513193088"]
    assert rows[1][0] == "刘煌"          # other columns untouched


def test_a_tab_never_precedes_an_empty_cell():
    assert _rows(to_csv(["姓名", "电话"], [["张三", ""]], ["电话"]))[1] == ["张三", ""]


def test_xlsx_phone_cells_are_text_typed():
    from openpyxl import load_workbook

    data = to_xlsx(["姓名", "电话"], [["刘煌", "13934209149"], ["", "03513193088"]], ["电话"], "联系人")
    ws = load_workbook(io.BytesIO(data)).active
    assert ws.title == "联系人"
    cells = [ws.cell(row=r, column=2) for r in (2, 3)]
    assert [c.value for c in cells] == ["13934209149", "03513193088"]
    assert all(c.data_type == "s" and c.number_format == "@" for c in cells)


def test_write_calendar_writes_both_workbooks(corpus_out):
    from openpyxl import load_workbook

    write_calendar(corpus_out)
    ws = load_workbook(corpus_out / "contacts.xlsx").active
    header = [c.value for c in ws[1]]
    phones = [row[header.index("电话")] for row in ws.iter_rows(min_row=2, values_only=True)]
    assert "13934209149" in "；".join(p for p in phones if p)
    assert load_workbook(corpus_out / "deadlines.xlsx").active.max_row > 1


def test_phones_stay_text_in_the_english_sheets_too(tmp_path):
    from openpyxl import load_workbook

    from pipeline.calendar import CONTACT_COLUMNS, contact_rows, header, write_sheets

    rows = _rows(contacts_csv(directory(PEOPLE), "en"))
    assert rows[0] == header(CONTACT_COLUMNS, "en") and rows[1][rows[0].index("Phone")] == "\t13934209149"
    write_sheets(tmp_path, [], directory(PEOPLE), "en")
    ws = load_workbook(tmp_path / "contacts.xlsx").active
    assert ws.title == "Contacts" and ws.cell(row=2, column=3).number_format == "@"
    assert contact_rows(directory(PEOPLE), "en")[0][2] == "13934209149"


def test_an_empty_phone_cell_is_still_a_text_cell_and_a_formula_stays_text(tmp_path):
    """What is typed later into an empty phone cell stays text; "=…" from a notice is never a formula."""
    from openpyxl import load_workbook

    from pipeline.sheets import write_xlsx

    write_xlsx(tmp_path / "t.xlsx", ["姓名", "电话"], (r for r in [["=HYPERLINK(1)", ""]]), ["电话"])
    ws = load_workbook(tmp_path / "t.xlsx").active
    assert ws.cell(row=2, column=2).number_format == "@"
    assert ws.cell(row=2, column=1).value == "=HYPERLINK(1)" and ws.cell(row=2, column=1).data_type == "s"
