"""Scanned pages made in the tests: known text drawn with a real font, then rasterised."""

import io

from PIL import Image, ImageDraw, ImageFont

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
DPI = 200
#: A small page (5 x 4 inches): OCR time grows with pixels, and tests must stay quick.
PAGE_INCHES = (5, 4)


def page_image(lines: list[str], *, rotate: int = 0, skew: float = 0.0) -> Image.Image:
    """Return a grey page image with these lines of text, turned or skewed as a scanner might."""
    width, height = (round(side * DPI) for side in PAGE_INCHES)
    image = Image.new("L", (width, height), 255)
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(FONT, 30)
    for index, line in enumerate(lines):
        draw.text((60, 60 + index * 52), line, font=font, fill=0)
    if skew:
        image = image.rotate(skew, expand=False, fillcolor=255, resample=Image.BICUBIC)
    if rotate:
        image = image.rotate(rotate, expand=True)
    return image


def scanned_pdf(pages: list[Image.Image | None]) -> bytes:
    """Return a PDF of page images (no text layer); None makes a blank page."""
    images = [page or Image.new("L", (round(PAGE_INCHES[0] * DPI), round(PAGE_INCHES[1] * DPI)),
                                255) for page in pages]
    buffer = io.BytesIO()
    images[0].save(buffer, "PDF", resolution=DPI, save_all=True, append_images=images[1:])
    return buffer.getvalue()


def tiff(pages: list[Image.Image]) -> bytes:
    """Return a multi-page TIFF of these page images, with its resolution."""
    buffer = io.BytesIO()
    pages[0].save(buffer, "TIFF", dpi=(DPI, DPI), save_all=True, append_images=pages[1:],
                  compression="tiff_deflate")
    return buffer.getvalue()


def png(page: Image.Image) -> bytes:
    buffer = io.BytesIO()
    page.save(buffer, "PNG")
    return buffer.getvalue()


#: Lines of known text: distinctive words a search must find on the right page.
CONTRACT = ["Purchase agreement with Clearview", "for facial recognition licences,",
            "signed by the Sheriff on March 3,", "invoice number 4471 attached."]
DRONES = ["Memorandum about surveillance drones", "bought from Skydio for the county",
          "patrol division, reviewed by counsel", "and approved by the commissioners."]
ALPR = ["License plate readers from Flock Safety", "were installed at twelve intersections",
        "according to the maintenance contract", "renewed for another three years."]
SPANISH = ["Contrato de vigilancia con cámaras", "firmado por el alguacil del condado",
           "según la solicitud de información", "pública número cuarenta y dos."]


def pdf_with_text_layer(image: Image.Image, text: str) -> bytes:
    """Return a one-page PDF of a page image over which this text is written (a text layer)."""
    from fpdf import FPDF

    pdf = FPDF(unit="in", format=(PAGE_INCHES[1], PAGE_INCHES[0]))
    pdf.add_page(orientation="L")
    pdf.image(image, x=0, y=0, w=PAGE_INCHES[0], h=PAGE_INCHES[1])
    if text:
        pdf.set_font("Helvetica", size=10)
        pdf.set_xy(0.2, 3.6)
        pdf.cell(text=text)
    return bytes(pdf.output())


def without_text_mapping(data: bytes) -> bytes:
    """Return the PDF with its fonts' codes mapped to private glyph names (no Unicode meaning),
    as PDFs made with subset fonts and no ToUnicode map are: the text is there but unreadable."""
    import pikepdf

    with pikepdf.open(io.BytesIO(data)) as pdf:
        for font in pdf.objects:
            if isinstance(font, pikepdf.Dictionary) and font.get("/Type") == "/Font":
                font.Encoding = pikepdf.Dictionary(
                    Type=pikepdf.Name.Encoding,
                    Differences=pikepdf.Array([32] + [pikepdf.Name(f"/g{i}") for i in range(95)]))
        buffer = io.BytesIO()
        pdf.save(buffer)
    return buffer.getvalue()
