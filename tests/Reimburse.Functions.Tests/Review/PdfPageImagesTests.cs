using System.Text;
using Reimburse.Functions.Tests.Intake;
using Reimburse.LocalReader;
using Reimburse.LocalReader.Pdf;
using Reimburse.Statements;

namespace Reimburse.Functions.Tests.Review;

/// <summary>The reviewer's viewer gets PDF pages as PNGs rendered by poppler, never the PDF itself.</summary>
public sealed class PdfPageImagesTests
{
    private readonly PdfPageImages _images = new(new LocalReaderOptions());

    [Theory]
    [InlineData(1, 1)]
    [InlineData(3, 3)]
    [InlineData(0, 1)]
    [InlineData(99, 3)]
    public async Task A_page_is_rendered_as_a_png_and_a_page_outside_the_document_shows_its_nearest_page(int asked, int shown)
    {
        var image = await _images.RenderAsync(Claimant.EmptyPagesPdf(3), asked, CancellationToken.None);

        Assert.Null(image.Failure);
        Assert.Equal(3, image.Pages);
        Assert.Equal(shown, image.Page);
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], image.Png![..4]);
        // An A4 page at the viewer's resolution: about 1,075 pixels wide (IHDR width, big-endian at byte 16).
        var width = (image.Png[16] << 24) | (image.Png[17] << 16) | (image.Png[18] << 8) | image.Png[19];
        Assert.InRange(width, 1_000, 1_150);
    }

    [Fact]
    public async Task A_damaged_pdf_gives_no_image_and_says_why()
    {
        var image = await _images.RenderAsync(Encoding.ASCII.GetBytes("%PDF-1.7\nnot really a pdf"), 1, CancellationToken.None);

        Assert.Null(image.Png);
        Assert.Equal(0, image.Pages);
        Assert.Equal(ReadFailure.Unreadable, image.Failure);
    }
}
