using System.Globalization;
using System.Text;

namespace Reimburse.LocalReader.Corpus;

/// <summary>
/// Writes a one-page PDF holding a JPEG (what a scanner's "scan to PDF" produces): no text layer, no fonts.
/// Small enough to write by hand; used for the scanned-PDF part of the corpus and by tests.
/// </summary>
public static class ImagePdfWriter
{
    /// <summary>A PDF whose only page shows <paramref name="jpeg"/> scaled to A4.</summary>
    /// <param name="jpeg">JPEG bytes.</param>
    /// <param name="width">Image width in pixels.</param>
    /// <param name="height">Image height in pixels.</param>
    /// <param name="gray">True for an 8-bit gray JPEG, false for RGB.</param>
    public static byte[] Write(ReadOnlySpan<byte> jpeg, int width, int height, bool gray)
    {
        var page = width > height ? (W: 842, H: 595) : (W: 595, H: 842);
        var content = Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"q {page.W} 0 0 {page.H} 0 0 cm /Im0 Do Q\n"));
        var objects = new List<byte[]>
        {
            Ascii("<< /Type /Catalog /Pages 2 0 R >>"),
            Ascii("<< /Type /Pages /Kids [3 0 R] /Count 1 >>"),
            Ascii(string.Create(CultureInfo.InvariantCulture, $"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {page.W} {page.H}] /Resources << /XObject << /Im0 4 0 R >> >> /Contents 5 0 R >>")),
            Stream(string.Create(CultureInfo.InvariantCulture, $"<< /Type /XObject /Subtype /Image /Width {width} /Height {height} /ColorSpace /{(gray ? "DeviceGray" : "DeviceRGB")} /BitsPerComponent 8 /Filter /DCTDecode /Length {jpeg.Length} >>"), jpeg),
            Stream(string.Create(CultureInfo.InvariantCulture, $"<< /Length {content.Length} >>"), content),
        };
        return Assemble(objects, trailerExtra: "");
    }

    /// <summary>
    /// A one-page PDF that claims standard-handler encryption with a user password: readers must ask for the
    /// password. The strings are not a real key (the page is empty anyway); poppler reports it as
    /// password-protected, which is all a test of the "encrypted" path needs.
    /// </summary>
    public static byte[] WritePasswordProtected()
    {
        var objects = new List<byte[]>
        {
            Ascii("<< /Type /Catalog /Pages 2 0 R >>"),
            Ascii("<< /Type /Pages /Kids [3 0 R] /Count 1 >>"),
            Ascii("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>"),
            Ascii("<< /Filter /Standard /V 1 /R 2 /Length 40 /P -44 /O <" + new string('A', 64) + "> /U <" + new string('B', 64) + "> >>"),
        };
        return Assemble(objects, trailerExtra: " /Encrypt 4 0 R /ID [<0123456789ABCDEF0123456789ABCDEF> <0123456789ABCDEF0123456789ABCDEF>]");
    }

    private static byte[] Assemble(List<byte[]> objects, string trailerExtra)
    {
        using var pdf = new MemoryStream();
        Write(pdf, "%PDF-1.4\n%\u00e2\u00e3\u00cf\u00d3\n");
        var offsets = new List<long>();
        for (var i = 0; i < objects.Count; i++)
        {
            offsets.Add(pdf.Position);
            Write(pdf, string.Create(CultureInfo.InvariantCulture, $"{i + 1} 0 obj\n"));
            pdf.Write(objects[i]);
            Write(pdf, "\nendobj\n");
        }
        var xref = pdf.Position;
        Write(pdf, string.Create(CultureInfo.InvariantCulture, $"xref\n0 {objects.Count + 1}\n0000000000 65535 f \n"));
        foreach (var offset in offsets)
        {
            Write(pdf, string.Create(CultureInfo.InvariantCulture, $"{offset:D10} 00000 n \n"));
        }
        Write(pdf, string.Create(CultureInfo.InvariantCulture, $"trailer\n<< /Size {objects.Count + 1} /Root 1 0 R{trailerExtra} >>\nstartxref\n{xref}\n%%EOF\n"));
        return pdf.ToArray();
    }

    private static byte[] Ascii(string text) => Encoding.ASCII.GetBytes(text);

    private static byte[] Stream(string dictionary, ReadOnlySpan<byte> data)
    {
        var head = Encoding.ASCII.GetBytes(dictionary + "\nstream\n");
        var tail = Encoding.ASCII.GetBytes("\nendstream");
        return [.. head, .. data, .. tail];
    }

    private static void Write(Stream stream, string text) => stream.Write(Encoding.Latin1.GetBytes(text));
}
