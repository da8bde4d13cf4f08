using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Reimburse.LocalReader.Tools;
using Reimburse.Statements;

namespace Reimburse.LocalReader.Pdf;

/// <summary>
/// PDF access through poppler's command-line tools (pdfinfo, pdftotext, pdftoppm), each started directly with an
/// argument list, a time limit and a private folder. Poppler is GPL and runs as a separate program, which keeps it
/// out of our process and our licence.
/// </summary>
internal sealed partial class PopplerPdf(LocalReaderOptions options)
{
    /// <summary>Page count, after checking the file opens without a password.</summary>
    public async Task<int> PageCountAsync(string pdf, PrivateTempFolder folder, CancellationToken cancellationToken)
    {
        var result = await RunAsync("pdfinfo", [pdf], folder, cancellationToken);
        var output = Encoding.UTF8.GetString(result.Output);
        if (!result.Succeeded)
        {
            var error = result.Error;
            if (error.Contains("password", StringComparison.OrdinalIgnoreCase))
            {
                throw new StatementReadException(ReadFailure.Encrypted, "The PDF is protected by a password. Upload a copy without a password (print it to PDF, or download the statement again).");
            }
            throw new StatementReadException(ReadFailure.Unreadable, "The PDF is damaged or not a PDF (" + FirstLine(error) + ").");
        }
        var pages = PagesLine().Match(output);
        var count = pages.Success ? int.Parse(pages.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
        if (count == 0)
        {
            throw new StatementReadException(ReadFailure.Empty, "The PDF has no pages.");
        }
        return count;
    }

    /// <summary>The text layer of pages 1..<paramref name="pages"/>, one string per page, laid out as printed.</summary>
    public async Task<IReadOnlyList<string>> TextAsync(string pdf, int pages, PrivateTempFolder folder, CancellationToken cancellationToken)
    {
        var result = await RunAsync("pdftotext", ["-layout", "-enc", "UTF-8", "-f", "1", "-l", pages.ToString(CultureInfo.InvariantCulture), pdf, "-"], folder, cancellationToken);
        if (!result.Succeeded)
        {
            // Copy-protected PDFs refuse text extraction but still render: the caller falls back to OCR.
            return [];
        }
        var text = Encoding.UTF8.GetString(result.Output);
        return text.Split('\f').Take(pages).ToList();
    }

    /// <summary>Renders one page to an 8-bit gray PNG at <paramref name="dpi"/>.</summary>
    public async Task<byte[]> RenderPageAsync(string pdf, int page, int dpi, PrivateTempFolder folder, CancellationToken cancellationToken)
    {
        var p = page.ToString(CultureInfo.InvariantCulture);
        var prefix = folder.File("page" + p);
        var result = await RunAsync("pdftoppm", ["-r", dpi.ToString(CultureInfo.InvariantCulture), "-gray", "-png", "-f", p, "-l", p, "-singlefile", pdf, prefix], folder, cancellationToken);
        if (!result.Succeeded)
        {
            throw new StatementReadException(ReadFailure.Unreadable, "A page of the PDF could not be rendered (" + FirstLine(result.Error) + ").");
        }
        var png = prefix + ".png";
        var bytes = await File.ReadAllBytesAsync(png, cancellationToken);
        File.Delete(png);
        return bytes;
    }

    private async Task<ToolResult> RunAsync(string tool, string[] arguments, PrivateTempFolder folder, CancellationToken cancellationToken)
    {
        var program = Path.Combine(options.PopplerPath, tool);
        ToolResult result;
        try
        {
            result = await ToolRunner.RunAsync(program, arguments, folder.Path, options.ToolTimeout, cancellationToken);
        }
        catch (FileNotFoundException ex)
        {
            throw new StatementReadException(ReadFailure.ServiceFailed, "The PDF tools are not installed on the server (poppler-utils): " + ex.Message);
        }
        if (result.TimedOut)
        {
            throw new StatementReadException(ReadFailure.TimedOut, $"Reading the PDF took longer than {options.ToolTimeout.TotalSeconds:F0} s.");
        }
        return result;
    }

    private static string FirstLine(string text)
    {
        var line = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault();
        return string.IsNullOrEmpty(line) ? "no details" : line;
    }

    [GeneratedRegex(@"^Pages:\s+(\d+)", RegexOptions.Multiline | RegexOptions.CultureInvariant)]
    private static partial Regex PagesLine();
}
