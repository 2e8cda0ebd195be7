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


def bilevel(page: Image.Image) -> Image.Image:
    """Return the page as a 1-bit image (black text on white), as a fax or bilevel scanner makes."""
    return page.point(lambda value: 255 if value > 128 else 0).convert("1")


def _group4_strips(image: Image.Image) -> list[tuple[int, int, bytes]]:
    """Return (first row, rows, CCITT Group 4 code) for each strip of the image as libtiff codes it.

    libtiff (through Pillow) writes the Group 4 code; a 0 bit is a white run in that code whatever
    the TIFF says its pixels mean."""
    buffer = io.BytesIO()
    image.save(buffer, "TIFF", compression="group4")
    buffer.seek(0)
    with Image.open(buffer) as coded:
        rows = coded.tag_v2.get(278, image.height)
        offsets, counts = coded.tag_v2[273], coded.tag_v2[279]
    data = buffer.getvalue()
    return [(index * rows, min(rows, image.height - index * rows), data[offset:offset + count])
            for index, (offset, count) in enumerate(zip(offsets, counts))]


def jbig2_stream(page: Image.Image) -> bytes:
    """Return a JBIG2 embedded stream (ITU-T T.88, as PDF's /JBIG2Decode reads it) of a page.

    No JBIG2 encoder is packaged in Debian bookworm (no jbig2enc) nor on PyPI, so this writes the
    segments itself: a page information segment, then one immediate lossless generic region per
    strip, each coded with MMR (T.88 6.2.6: the generic region's MMR option is the Group 4 code of
    T.6, which libtiff writes for us). JBIG2's 1 is black, so the 1-bit page is inverted before
    coding. PDF embeds no file header and no end-of-page segment (ISO 32000 7.4.7)."""
    from PIL import ImageOps

    import struct

    image = bilevel(page)
    width, height = image.size

    def segment(number: int, kind: int, body: bytes) -> bytes:
        # Number, flags (type; 1-byte page association), no referred-to segments, page 1, length.
        return struct.pack(">IBBBI", number, kind, 0, 1, len(body)) + body

    pixels_per_metre = round(DPI / 0.0254)
    stream = segment(0, 48, struct.pack(">IIIIBH", width, height, pixels_per_metre,
                                        pixels_per_metre, 0, 0))  # page information
    inverted = ImageOps.invert(image.convert("L")).convert("1")
    for number, (top, rows, code) in enumerate(_group4_strips(inverted), start=1):
        region = struct.pack(">IIIIB", width, rows, 0, top, 0)  # at (0, top), combined by OR
        stream += segment(number, 39, region + bytes([0x01]) + code)  # 0x01: MMR coding
    return stream


def jbig2_pdf(pages: list[Image.Image]) -> bytes:
    """Return a scanned PDF whose page images are JBIG2-compressed (/JBIG2Decode), as many
    bilevel scanners and archive tools write them."""
    import pikepdf

    pdf = pikepdf.new()
    for number, page in enumerate(pages):
        width, height = page.size
        points = (width * 72 / DPI, height * 72 / DPI)
        pdf.add_blank_page(page_size=points)
        image = pikepdf.Stream(pdf, jbig2_stream(page), Type=pikepdf.Name.XObject,
                               Subtype=pikepdf.Name.Image, Width=width, Height=height,
                               ColorSpace=pikepdf.Name.DeviceGray, BitsPerComponent=1,
                               Filter=pikepdf.Name.JBIG2Decode)
        pdf.pages[number].Resources = pikepdf.Dictionary(
            XObject=pikepdf.Dictionary(Im0=image))
        pdf.pages[number].Contents = pikepdf.Stream(
            pdf, f"q {points[0]:.2f} 0 0 {points[1]:.2f} 0 0 cm /Im0 Do Q".encode())
    buffer = io.BytesIO()
    pdf.save(buffer)
    return buffer.getvalue()


def ccitt_pdf(pages: list[Image.Image]) -> bytes:
    """Return a scanned PDF whose page images are CCITT Group 4 (/CCITTFaxDecode): Pillow writes
    Group 4 TIFFs and img2pdf moves their code into the PDF without decoding it."""
    import img2pdf

    frames = []
    for page in pages:
        buffer = io.BytesIO()
        bilevel(page).save(buffer, "TIFF", compression="group4", dpi=(DPI, DPI))
        frames.append(buffer.getvalue())
    return img2pdf.convert(frames)


def image_filters(data: bytes) -> list[str]:
    """Return the compression filter of each page's images: what the PDF really holds."""
    import pikepdf

    with pikepdf.open(io.BytesIO(data)) as pdf:
        filters = []
        for page in pdf.pages:
            for image in page.Resources.XObject.values():
                named = image.get("/Filter")
                filters.append(str(named[0] if isinstance(named, pikepdf.Array) else named))
        return filters
