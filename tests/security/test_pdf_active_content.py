"""PDFs that run code or carry files are refused, as are polyglots (a PDF that is also a web page or an archive)."""

import io

import pytest
from pypdf import PdfWriter
from pypdf.generic import ArrayObject, DictionaryObject, NameObject, TextStringObject

from logis.documents.validation import UploadRefused, inspect_upload
from tests.documents import files


def _writer() -> PdfWriter:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    return writer


def _bytes(writer: PdfWriter) -> bytes:
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _with_open_action(action: DictionaryObject) -> bytes:
    writer = _writer()
    writer._root_object[NameObject("/OpenAction")] = writer._add_object(action)
    return _bytes(writer)


def _action(kind: str, **entries) -> DictionaryObject:
    action = DictionaryObject({NameObject("/Type"): NameObject("/Action"), NameObject("/S"): NameObject(kind)})
    for key, value in entries.items():
        action[NameObject(f"/{key}")] = TextStringObject(value)
    return action


def test_a_plain_pdf_and_one_that_opens_on_its_first_page_are_accepted():
    assert inspect_upload(files.text_pdf(), name="avis.pdf").content_type == "application/pdf"
    writer = _writer()
    writer._root_object[NameObject("/OpenAction")] = ArrayObject(
        [writer.pages[0].indirect_reference, NameObject("/Fit")]
    )
    assert inspect_upload(_bytes(writer), name="scan.pdf").page_count == 1
    assert inspect_upload(_with_open_action(_action("/GoTo")), name="scan.pdf").page_count == 1


@pytest.mark.parametrize(
    ("build", "said"),
    [
        (lambda: _with_open_action(_action("/JavaScript", JS="app.alert('x')")), "JavaScript"),
        (lambda: _with_open_action(_action("/Launch", F="calc.exe")), "lancement d'un programme"),
        (lambda: _with_open_action(_action("/SubmitForm", F="https://exemple.invalid/")), "envoi de données"),
    ],
    ids=["openaction-javascript", "launch", "submitform"],
)
def test_a_pdf_that_acts_when_opened_is_refused(build, said):
    with pytest.raises(UploadRefused, match=said) as refused:
        inspect_upload(build(), name="avis.pdf")
    assert "« avis.pdf »" in refused.value.message
    assert "Enregistrer au format PDF" in refused.value.message


def test_document_level_javascript_is_refused():
    writer = _writer()
    script = writer._add_object(_action("/JavaScript", JS="app.alert('bonjour');"))
    names = DictionaryObject({NameObject("/Names"): ArrayObject([TextStringObject("bonjour"), script])})
    writer._root_object[NameObject("/Names")] = DictionaryObject({NameObject("/JavaScript"): names})
    with pytest.raises(UploadRefused, match="JavaScript"):
        inspect_upload(_bytes(writer), name="avis.pdf")


def test_an_embedded_file_is_refused():
    writer = _writer()
    writer.add_attachment("facture.exe", b"MZ\x90\x00 un programme")
    with pytest.raises(UploadRefused, match="fichier joint"):
        inspect_upload(_bytes(writer), name="avis.pdf")


def test_a_javascript_link_on_a_page_is_refused():
    writer = _writer()
    annotation = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Annot"),
            NameObject("/Subtype"): NameObject("/Link"),
            NameObject("/A"): _action("/JavaScript", JS="this.print()"),
        }
    )
    writer.pages[0][NameObject("/Annots")] = writer._add_object(ArrayObject([writer._add_object(annotation)]))
    with pytest.raises(UploadRefused, match="JavaScript"):
        inspect_upload(_bytes(writer), name="avis.pdf")


def test_a_hidden_javascript_name_written_in_hexadecimal_is_still_seen():
    data = files.text_pdf().replace(
        b"<< /Type /Catalog", b"<< /OpenAction << /S /J#61vaScript /JS (x) >> /Type /Catalog"
    )
    with pytest.raises(UploadRefused, match="contenu actif"):
        inspect_upload(data, name="avis.pdf")


@pytest.mark.parametrize(
    "polyglot",
    [
        files.text_pdf() + b"<html><body><script>alert(document.cookie)</script></body></html>\n",
        files.text_pdf().replace(b"%PDF-1.4\n", b"%PDF-1.4\n%<html><script>alert(1)</script>\n", 1),
        files.text_pdf() + b"PK\x03\x04\x14\x00\x00\x00" + b"\x00" * 30,
    ],
    ids=["html-after-eof", "html-in-a-comment", "zip-after-eof"],
)
def test_a_polyglot_is_refused(polyglot):
    with pytest.raises(UploadRefused, match="page web ou une archive"):
        inspect_upload(polyglot, name="avis.pdf")


def test_an_incremental_update_is_not_a_polyglot():
    writer = PdfWriter(io.BytesIO(files.text_pdf()), incremental=True)
    writer.add_metadata({"/Title": "Avis"})
    assert inspect_upload(_bytes(writer), name="avis.pdf").page_count == 1
