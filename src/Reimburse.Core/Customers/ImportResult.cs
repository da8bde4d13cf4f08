namespace Reimburse.Customers;

/// <summary>The outcome of importing one affected-customer file.</summary>
/// <param name="ImportId">Names this run; its error report is stored under it.</param>
/// <param name="IncidentId">The incident imported into.</param>
/// <param name="Encoding">The encoding the file was read as.</param>
/// <param name="Rows">Data rows read (blank lines not counted).</param>
/// <param name="Accepted">New customers written.</param>
/// <param name="Updated">Existing customers whose content changed and was rewritten.</param>
/// <param name="Unchanged">Existing customers with the same content: nothing written.</param>
/// <param name="Rejected">Rows not imported; each has a line in the error report.</param>
/// <param name="CardNumbersMasked">Rows in which a full card number was found and masked to its last 4 digits (also in the report).</param>
/// <param name="IgnoredColumns">Header names the import did not recognise.</param>
public sealed record ImportResult(
    string ImportId,
    string IncidentId,
    string Encoding,
    long Rows,
    long Accepted,
    long Updated,
    long Unchanged,
    long Rejected,
    long CardNumbersMasked,
    IReadOnlyList<string> IgnoredColumns);

/// <summary>One line of the error report: which row, which customer, what happened and why.</summary>
public sealed record ImportReportLine(long Line, string? CustomerId, RowIssueKind Kind, CustomerField? Field, string Reason)
{
    /// <summary>The report's header line.</summary>
    public static readonly string[] Header = ["line", "customer_id", "outcome", "column", "reason"];

    /// <summary>Writes this line as CSV.</summary>
    public void WriteTo(TextWriter writer) => CsvText.WriteLine(writer,
        Line.ToString(System.Globalization.CultureInfo.InvariantCulture),
        CustomerId,
        Kind == RowIssueKind.Rejected ? "rejected" : "masked",
        Field is { } f ? CustomerColumns.NameOf(f) : "",
        Reason);
}
