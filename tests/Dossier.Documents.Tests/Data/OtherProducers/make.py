#!/usr/bin/python3
"""Makes the SYNTHETIC test documents of docs/BENCHMARKS.md "Documents from other producers".

Every text here is invented test text. Run with Debian's python3 (python3-pil, python3-reportlab,
python3-arabic-reshaper, python3-bidi, python3-docx), pango1.0-tools (pango-view), ghostscript, img2pdf,
fonts-noto-core and fonts-farsiweb. Fixed seeds: the same run gives the same documents.
    /usr/bin/python3 bench/documents-unseen/make.py OUTDIR
"""
import io, os, random, re, subprocess, sys, zipfile
from PIL import Image, ImageFilter

OUT = sys.argv[1]
os.makedirs(OUT, exist_ok=True)
FA = "حمید نوری در تاریخ ۸ مرداد ۱۳۶۷ در زندان گوهردشت بود."
EN = "Synthetic test document, Gohardasht prison."
VARIANTS = {
    "persian": FA,
    "arabic-letters": "حميد نوري در تاريخ ٨ مرداد ١٣٦٧ در زندان گوهردشت بود.",  # Arabic yeh, Arabic-Indic digits
    "latin-digits": "حمید نوری در تاریخ 8 مرداد 1367 در زندان گوهردشت بود.",
    "mordad-mah": "حمید نوری در تاریخ ۸ مرداد\u200cماه ۱۳۶۷ در زندان گوهردشت بود.",  # ZWNJ before ماه
}

def run(*args):
    subprocess.run(args, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

def pango(path, font, dpi, text=FA):
    run("pango-view", "-q", f"--font={font} 14", f"--dpi={dpi}", "--margin=60", "--background=white",
        "-o", path, "--text", text + "\n" + EN)

# ---- PDFs with a text layer ----
for name, text in VARIANTS.items():
    pango(f"{OUT}/pdf-cairo-{name}.pdf", "Noto Naskh Arabic", 72, text)
pango(f"{OUT}/pdf-cairo-nazli.pdf", "Nazli", 72)
run("pango-view", "-q", "--font=Noto Naskh Arabic 14", "-o", f"{OUT}/tmp.ps", "--text", FA + "\n" + EN)
run("ps2pdf", f"{OUT}/tmp.ps", f"{OUT}/pdf-ghostscript-from-ps.pdf")
run("gs", "-q", "-dBATCH", "-dNOPAUSE", "-sDEVICE=pdfwrite", f"-sOutputFile={OUT}/pdf-ghostscript-rewrite.pdf", f"{OUT}/pdf-cairo-persian.pdf")
os.remove(f"{OUT}/tmp.ps")

from reportlab import rl_config
rl_config.pageCompression = 0
rl_config.invariant = 1
from reportlab.pdfgen import canvas
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
import arabic_reshaper
from bidi.algorithm import get_display
pdfmetrics.registerFont(TTFont("Naskh", "/usr/share/fonts/truetype/noto/NotoNaskhArabic-Regular.ttf"))
pdfmetrics.registerFont(TTFont("Nazli", "/usr/share/fonts/truetype/farsiweb/nazli.ttf"))

def reportlab(path, line, font="Naskh", right=True):
    c = canvas.Canvas(path, pagesize=(595, 842))
    c.setFont(font, 14)
    if right:
        c.drawRightString(540, 760, line)
    else:
        c.drawString(55, 760, line)
    c.setFont("Helvetica", 12)
    c.drawString(55, 730, EN)
    c.save()

# Old producers' way: the text shaped into Arabic Presentation Forms-B and written in visual order.
for name, text in VARIANTS.items():
    reportlab(f"{OUT}/pdf-presentation-forms-{name}.pdf", get_display(arabic_reshaper.reshape(text)))
reportlab(f"{OUT}/pdf-presentation-forms-nazli.pdf", get_display(arabic_reshaper.reshape(FA)), font="Nazli")
# No shaping and no reordering: logical order drawn left to right (what a human sees is reversed and unjoined).
reportlab(f"{OUT}/pdf-unshaped-logical.pdf", FA, right=False)
# Presentation forms in visual order with the ToUnicode maps removed (the font's own codes only).
data = open(f"{OUT}/pdf-presentation-forms-persian.pdf", "rb").read()
data = re.sub(rb"/ToUnicode \d+ 0 R", lambda m: b" " * len(m.group(0)), data)
open(f"{OUT}/pdf-presentation-forms-no-tounicode.pdf", "wb").write(data)

# ---- scans ----
def degrade(src, dst, seed, skew=0.0, noise=0, background=255, quality=None, gray=False, scale=1.0):
    rnd = random.Random(seed)
    img = Image.open(src).convert("L")
    if scale != 1.0:
        img = img.resize((int(img.width * scale), int(img.height * scale)), Image.LANCZOS)
    if background != 255:
        img = img.point(lambda v: int(v * background / 255))
    if skew:
        img = img.rotate(skew, resample=Image.BICUBIC, expand=True, fillcolor=background)
    if noise:
        px = img.load()
        for y in range(img.height):
            for x in range(img.width):
                px[x, y] = max(0, min(255, px[x, y] + int(rnd.gauss(0, noise))))
    if not gray:
        img = img.convert("RGB")
        if background != 255:  # a warm, photo-like paper tone
            r, g, b = img.split()
            img = Image.merge("RGB", (r, g, b.point(lambda v: int(v * 0.9))))
    ext = os.path.splitext(dst)[1]
    if ext == ".jpg":
        img.save(dst, quality=quality or 85)
    elif ext == ".tif":
        img.save(dst, compression="tiff_lzw", dpi=(300, 300))
    else:
        img.save(dst)

fonts = {"naskh": "Noto Naskh Arabic", "sans-arabic": "Noto Sans Arabic", "nazli": "Nazli", "titr": "Titr", "homa": "Homa"}
for key, font in fonts.items():
    pango(f"{OUT}/scan-{key}-300dpi.png", font, 300)
for dpi in (150, 200):
    pango(f"{OUT}/scan-naskh-{dpi}dpi.png", "Noto Naskh Arabic", dpi)
pango(f"{OUT}/raw-nazli-150.png", "Nazli", 150)
degrade(f"{OUT}/scan-naskh-200dpi.png", f"{OUT}/scan-naskh-200dpi-jpeg50.jpg", 1, quality=50)
degrade(f"{OUT}/scan-naskh-300dpi.png", f"{OUT}/scan-naskh-300dpi-skew2-noise-offwhite-jpeg70.jpg", 2, skew=2, noise=18, background=225, quality=70)
degrade(f"{OUT}/scan-naskh-300dpi.png", f"{OUT}/scan-naskh-300dpi-gray.tif", 3, gray=True)
degrade(f"{OUT}/scan-naskh-200dpi.png", f"{OUT}/scan-naskh-200dpi-skew1.5-offwhite-jpeg80.jpg", 4, skew=-1.5, background=230, quality=80)
degrade(f"{OUT}/raw-nazli-150.png", f"{OUT}/scan-nazli-150dpi-skew3-noise-jpeg60.jpg", 5, skew=3, noise=12, quality=60)
degrade(f"{OUT}/scan-sans-arabic-300dpi.png", f"{OUT}/scan-sans-arabic-300dpi-skew3-jpeg90.jpg", 6, skew=3, quality=90)
degrade(f"{OUT}/scan-naskh-300dpi.png", f"{OUT}/scan-naskh-100dpi-downscaled.png", 7, scale=1/3, gray=True)
os.remove(f"{OUT}/raw-nazli-150.png")
run("img2pdf", "--pagesize", "A4", "-o", f"{OUT}/pdf-scan-img2pdf-200dpi-jpeg.pdf", f"{OUT}/scan-naskh-200dpi-skew1.5-offwhite-jpeg80.jpg")

# A phone photo stored turned, with EXIF orientation 6 saying how to show it; a tinted page pasted on white.
run("pango-view", "-q", "--language=fa", "--font=Noto Sans Arabic 14", "--dpi=200", "--margin=60", "--background=white",
    "-o", f"{OUT}/raw-sans-200.png", "--text", FA + "\n" + EN)
src = Image.open(f"{OUT}/raw-sans-200.png").convert("L")
exif = Image.Exif(); exif[0x0112] = 6
src.convert("RGB").transpose(Image.ROTATE_90).save(f"{OUT}/phone-photo-exif-turned.jpg", quality=85, exif=exif)
tinted = src.point(lambda v: int(v * 225 / 255)).convert("RGB")
r, g, b = tinted.split(); tinted = Image.merge("RGB", (r, g, b.point(lambda v: int(v * 0.9))))
page = Image.new("RGB", (src.width * 2, src.height * 5), "white"); page.paste(tinted, (src.width // 2, src.height * 2))
page.save(f"{OUT}/tinted-paper-on-white.png", optimize=True)
os.remove(f"{OUT}/raw-sans-200.png")

# ---- DOCX and HTML ----
import docx
from docx.oxml.ns import qn
from docx.oxml import OxmlElement
d = docx.Document()
p = d.add_paragraph()
p.paragraph_format.alignment = 2
bidi = OxmlElement("w:bidi"); p._p.get_or_add_pPr().append(bidi)
for part in ["حمید ", "نوری", " در تاریخ ", "۸", " مرداد ", "۱۳۶۷", " (Gohardasht) در زندان گوهردشت بود."]:
    r = p.add_run(part); rtl = OxmlElement("w:rtl"); r._r.get_or_add_rPr().append(rtl)
d.add_paragraph(EN)
d.save(f"{OUT}/docx-python-docx-runs.docx")
open(f"{OUT}/html-rtl-arabic-letters.html", "w", encoding="utf-8").write(
    '<!doctype html><html lang="fa" dir="rtl"><head><meta charset="utf-8"><title>آزمون</title></head><body>'
    '<p>حمي<b>د</b> <span>نوري</span> در تاريخ <bdi>٨</bdi>&nbsp;مرداد&zwnj;ماه&nbsp;١٣٦٧ در زندان گوهردشت بود.</p>'
    f'<p dir="ltr">{EN}</p></body></html>')
open(f"{OUT}/text-windows-1256.txt", "wb").write((FA.replace("۸", "8").replace("۱۳۶۷", "1367").replace("ی", "ي").replace("ک", "ك") + "\r\n" + EN + "\r\n").encode("cp1256"))
open(f"{OUT}/text-utf16.txt", "wb").write(("\ufeff" + FA + "\r\n" + EN + "\r\n").encode("utf-16-le"))
legacy = FA.replace("۸", "8").replace("۱۳۶۷", "1367").replace("ی", "ي").replace("ک", "ك")
open(f"{OUT}/html-windows-1256.html", "wb").write((
    '<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1256"><title>SYNTHETIC</title></head>'
    f"<body><p>{legacy}</p><p>{EN}</p></body></html>").encode("cp1256"))
print("\n".join(sorted(os.listdir(OUT))))
