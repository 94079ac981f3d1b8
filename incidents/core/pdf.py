"""HTML to PDF with WeasyPrint, never fetching anything from the network or the disk."""

from weasyprint import HTML, URLFetcher

# Letters and exports are self-contained: styles inline, images as data: URIs.
_LOCAL_ONLY = URLFetcher(allowed_protocols=("data",), allow_redirects=False)


def render_pdf(html: str) -> bytes:
    """The PDF bytes of a complete HTML document."""
    # WeasyPrint is untyped; without a target, write_pdf returns the bytes.
    pdf: bytes = HTML(string=html, url_fetcher=_LOCAL_ONLY).write_pdf()
    return pdf
