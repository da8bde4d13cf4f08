namespace Reimburse.Customers;

/// <summary>
/// Streams an affected-customer CSV file: header mapping, then one validated <see cref="CustomerRow"/> per record.
/// Structural problems that make the rest unreadable (encoding, quoting, no header) throw
/// <see cref="CsvFormatException"/>; a row with the wrong number of fields comes back as
/// <see cref="CustomerRow.Malformed"/> so the caller can list several before giving up.
/// </summary>
public sealed class CustomerFileReader : IDisposable
{
    private readonly CsvRecordReader _csv;
    private readonly string _incidentId;

    private CustomerFileReader(CsvRecordReader csv, CustomerColumns columns, string incidentId)
    {
        _csv = csv;
        Columns = columns;
        _incidentId = incidentId;
    }

    /// <summary>The header mapping.</summary>
    public CustomerColumns Columns { get; }

    /// <summary>"UTF-8", "Shift_JIS" or "ASCII" (nothing beyond ASCII seen so far).</summary>
    public string EncodingName => _csv.EncodingName;

    /// <summary>Opens the file and reads its header.</summary>
    public static async Task<CustomerFileReader> OpenAsync(Stream stream, string incidentId, CsvEncoding encoding, CancellationToken cancellationToken)
    {
        var csv = await CsvRecordReader.OpenAsync(stream, encoding, cancellationToken).ConfigureAwait(false);
        try
        {
            var header = await csv.ReadAsync(cancellationToken).ConfigureAwait(false)
                ?? throw new CsvFormatException(0, "the file is empty; it needs a header line and one line per affected customer.");
            return new CustomerFileReader(csv, CustomerColumns.FromHeader(header), incidentId);
        }
        catch
        {
            csv.Dispose();
            throw;
        }
    }

    /// <summary>The next row, or null at the end of the file.</summary>
    public async ValueTask<CustomerRow?> ReadAsync(CancellationToken cancellationToken)
    {
        var record = await _csv.ReadAsync(cancellationToken).ConfigureAwait(false);
        return record is { } r ? CustomerRowParser.Parse(Columns, r, _incidentId) : null;
    }

    public void Dispose() => _csv.Dispose();
}
