using System.Globalization;
using System.Text;
using Reimburse.Privacy;

namespace Reimburse.Payouts;

/// <summary>What the bank did with one transfer.</summary>
public enum SettlementOutcome
{
    /// <summary>振込済: the money reached the account.</summary>
    Paid,

    /// <summary>不能 / 組戻し: the transfer came back; the claimant is asked for a corrected account.</summary>
    Returned,
}

/// <summary>Why a transfer came back (不能事由).</summary>
public enum ReturnReason
{
    /// <summary>口座なし: no such account.</summary>
    NoAccount,

    /// <summary>名義相違: the holder name does not match the account.</summary>
    NameMismatch,

    /// <summary>口座解約: the account is closed.</summary>
    AccountClosed,

    /// <summary>科目相違: wrong deposit type (ordinary/current).</summary>
    DepositTypeMismatch,

    /// <summary>受取拒否: the holder refused the transfer.</summary>
    Refused,

    /// <summary>取扱不能: the receiving bank could not process it (e.g. the account is frozen).</summary>
    Unprocessable,

    /// <summary>その他: another reason, given in the note.</summary>
    Other,
}

/// <summary>One line of a settlement file.</summary>
/// <param name="LineNumber">Line in the file (1 = the header).</param>
/// <param name="ClaimId">The claim the transfer paid (the journal's 請求ID column).</param>
/// <param name="Outcome">Paid or returned.</param>
/// <param name="Reason">Why it came back; null when paid.</param>
/// <param name="Note">Finance's free text, if any (e.g. the bank's own wording).</param>
public sealed record SettlementLine(int LineNumber, string ClaimId, SettlementOutcome Outcome, ReturnReason? Reason, string? Note);

/// <summary>A problem with a settlement file, at a line (0 when it concerns the whole file).</summary>
public sealed record SettlementError(int LineNumber, string Message)
{
    public override string ToString() => LineNumber > 0 ? "Line " + LineNumber.ToString(CultureInfo.InvariantCulture) + ": " + Message : Message;
}

/// <summary>The lines of a settlement file, or every error in it: never both.</summary>
public sealed record SettlementParseResult(IReadOnlyList<SettlementLine> Lines, IReadOnlyList<SettlementError> Errors)
{
    public bool IsValid => Errors.Count == 0;
}

/// <summary>
/// Reads the bank's result for a batch as finance records it from the bank's web portal: a CSV file with a header
/// row and the columns 請求ID (or claim_id), 結果 (result) and 不能事由 (reason), and optionally 備考 (note).
/// UTF-8 (with or without a byte-order mark) or Shift_JIS, as Excel saves it.
/// </summary>
/// <remarks>
/// <para>Results: <c>paid</c>, 振込済, 完了 or <c>returned</c>, 不能, 組戻し. Reasons: the <see cref="ReturnReason"/> names in
/// snake case (<c>no_account</c> …) or their Japanese labels (口座なし, 名義相違, 口座解約, 科目相違, 受取拒否, 取扱不能,
/// その他). A paid line has no reason; a returned line must have one.</para>
/// <para>A file with any error yields no lines at all, only the errors with their line numbers: a settlement is
/// recorded whole or not at all. Blank lines are ignored.</para>
/// <para>The Zengin fixed-length result formats are not read: for 総合振込 the 全銀協 layout of a result/不能 file
/// could not be confirmed from public sources (the standard result code field belongs to 口座振替), and banks'
/// portals differ. The CSV is the format finance can always produce.</para>
/// </remarks>
public static class SettlementCsv
{
    private static readonly string[] ClaimHeaders = ["請求id", "claim_id", "claimid", "claim", "reference"];
    private static readonly string[] ResultHeaders = ["結果", "result", "outcome"];
    private static readonly string[] ReasonHeaders = ["不能事由", "理由", "reason", "reason_code"];
    private static readonly string[] NoteHeaders = ["備考", "note", "reason_text"];

    private static readonly Dictionary<string, SettlementOutcome> Outcomes = new(StringComparer.OrdinalIgnoreCase)
    {
        ["paid"] = SettlementOutcome.Paid,
        ["振込済"] = SettlementOutcome.Paid,
        ["完了"] = SettlementOutcome.Paid,
        ["returned"] = SettlementOutcome.Returned,
        ["不能"] = SettlementOutcome.Returned,
        ["組戻し"] = SettlementOutcome.Returned,
    };

    private static readonly Dictionary<string, ReturnReason> Reasons = new(StringComparer.OrdinalIgnoreCase)
    {
        ["no_account"] = ReturnReason.NoAccount,
        ["口座なし"] = ReturnReason.NoAccount,
        ["name_mismatch"] = ReturnReason.NameMismatch,
        ["名義相違"] = ReturnReason.NameMismatch,
        ["account_closed"] = ReturnReason.AccountClosed,
        ["口座解約"] = ReturnReason.AccountClosed,
        ["deposit_type_mismatch"] = ReturnReason.DepositTypeMismatch,
        ["科目相違"] = ReturnReason.DepositTypeMismatch,
        ["refused"] = ReturnReason.Refused,
        ["受取拒否"] = ReturnReason.Refused,
        ["unprocessable"] = ReturnReason.Unprocessable,
        ["取扱不能"] = ReturnReason.Unprocessable,
        ["other"] = ReturnReason.Other,
        ["その他"] = ReturnReason.Other,
    };

    private static readonly Encoding StrictUtf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The Japanese label of a reason, as finance and the claimant read it.</summary>
    public static string Label(ReturnReason reason) => reason switch
    {
        ReturnReason.NoAccount => "口座なし",
        ReturnReason.NameMismatch => "名義相違",
        ReturnReason.AccountClosed => "口座解約",
        ReturnReason.DepositTypeMismatch => "科目相違",
        ReturnReason.Refused => "受取拒否",
        ReturnReason.Unprocessable => "取扱不能",
        _ => "その他",
    };

    /// <summary>Decodes (UTF-8 or Shift_JIS) and parses a settlement file.</summary>
    public static SettlementParseResult Parse(ReadOnlySpan<byte> content)
    {
        string text;
        if (content.StartsWith(Encoding.UTF8.Preamble))
        {
            content = content[Encoding.UTF8.Preamble.Length..];
        }
        try
        {
            text = StrictUtf8.GetString(content);
        }
        catch (DecoderFallbackException)
        {
            try
            {
                text = ZenginTransferFile.ShiftJis.GetString(content);
            }
            catch (DecoderFallbackException)
            {
                return Failed(new SettlementError(0, "The file is neither UTF-8 nor Shift_JIS text; save it from Excel as CSV (UTF-8)."));
            }
        }
        return Parse(text);
    }

    /// <summary>Parses settlement text.</summary>
    public static SettlementParseResult Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var errors = new List<SettlementError>();
        var rows = CsvRows.Read(text, errors);
        if (errors.Count > 0)
        {
            return Failed([.. errors]);
        }
        if (rows.Count == 0)
        {
            return Failed(new SettlementError(0, "The file is empty; it needs a header row (請求ID,結果,不能事由) and one row per transfer."));
        }
        var header = rows[0];
        var columns = new Columns(
            Find(header.Cells, ClaimHeaders),
            Find(header.Cells, ResultHeaders),
            Find(header.Cells, ReasonHeaders),
            Find(header.Cells, NoteHeaders));
        if (columns.Claim < 0 || columns.Result < 0 || columns.Reason < 0)
        {
            return Failed(new SettlementError(header.LineNumber, "The header must name the columns 請求ID (claim_id), 結果 (result) and 不能事由 (reason)."));
        }
        var lines = new List<SettlementLine>(rows.Count - 1);
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var row in rows.Skip(1))
        {
            var line = ParseRow(row, header.Cells.Count, columns, errors);
            if (line is null)
            {
                continue;
            }
            if (seen.TryGetValue(line.ClaimId, out var first))
            {
                errors.Add(new SettlementError(row.LineNumber, string.Create(CultureInfo.InvariantCulture, $"claim {line.ClaimId} is already on line {first}.")));
                continue;
            }
            seen.Add(line.ClaimId, row.LineNumber);
            lines.Add(line);
        }
        if (errors.Count == 0 && lines.Count == 0)
        {
            errors.Add(new SettlementError(0, "The file has a header but no results."));
        }
        return errors.Count > 0 ? Failed([.. errors]) : new SettlementParseResult(lines, []);
    }

    private static SettlementLine? ParseRow(CsvRows.Row row, int width, Columns columns, List<SettlementError> errors)
    {
        if (row.Cells.Count != width)
        {
            errors.Add(new SettlementError(row.LineNumber, string.Create(CultureInfo.InvariantCulture, $"{row.Cells.Count} cells, the header has {width}.")));
            return null;
        }
        var claimId = Clean(row.Cells[columns.Claim]);
        var result = Clean(row.Cells[columns.Result]);
        var reasonText = Clean(row.Cells[columns.Reason]);
        // Finance's free text is stored with the result and on the claim: a card number typed into it is masked.
        var note = columns.Note >= 0 ? CardNumbers.Redact(Clean(row.Cells[columns.Note])) : string.Empty;
        var problems = new List<string>();
        if (claimId.Length == 0)
        {
            problems.Add("the claim id is empty");
        }
        ReturnReason? reason = null;
        if (!Outcomes.TryGetValue(result, out var outcome))
        {
            problems.Add($"the result '{result}' is not one of paid, 振込済, 完了, returned, 不能, 組戻し");
        }
        else if (outcome == SettlementOutcome.Paid && reasonText.Length > 0)
        {
            problems.Add($"a paid transfer has no reason, but '{reasonText}' is given");
        }
        else if (outcome == SettlementOutcome.Returned)
        {
            if (reasonText.Length == 0)
            {
                problems.Add("a returned transfer needs a reason (口座なし, 名義相違, 口座解約, 科目相違, 受取拒否, 取扱不能, その他)");
            }
            else if (Reasons.TryGetValue(reasonText, out var r))
            {
                reason = r;
            }
            else
            {
                problems.Add($"the reason '{reasonText}' is not one of 口座なし, 名義相違, 口座解約, 科目相違, 受取拒否, 取扱不能, その他");
            }
        }
        if (problems.Count > 0)
        {
            errors.Add(new SettlementError(row.LineNumber, string.Join("; ", problems) + "."));
            return null;
        }
        return new SettlementLine(row.LineNumber, claimId, outcome, reason, note.Length == 0 ? null : note);
    }

    private static SettlementParseResult Failed(params SettlementError[] errors) => new([], errors);

    private static int Find(IReadOnlyList<string> header, string[] names)
    {
        for (var i = 0; i < header.Count; i++)
        {
            if (names.Contains(Clean(header[i]), StringComparer.OrdinalIgnoreCase))
            {
                return i;
            }
        }
        return -1;
    }

    // Excel and bank portals add spaces of either width around values; a decoded BOM may lead the header.
    private static string Clean(string cell) => cell.Trim().Trim('\u3000', '\uFEFF');

    private readonly record struct Columns(int Claim, int Result, int Reason, int Note);
}

/// <summary>An RFC 4180 reader that keeps each row's line number (a quoted cell may span lines).</summary>
internal static class CsvRows
{
    public sealed record Row(int LineNumber, IReadOnlyList<string> Cells);

    /// <summary>The non-blank rows of <paramref name="text"/>; an unterminated quote is added to <paramref name="errors"/>.</summary>
    public static List<Row> Read(string text, List<SettlementError> errors)
    {
        var rows = new List<Row>();
        var cells = new List<string>();
        var cell = new StringBuilder();
        var line = 1;
        var rowStart = 1;
        var quoted = false;
        var quoteStart = 0;
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    cell.Append('"');
                    i += 2;
                    continue;
                }
                if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    if (c == '\n')
                    {
                        line++;
                    }
                    cell.Append(c);
                }
                i++;
                continue;
            }
            switch (c)
            {
                case '"' when cell.Length == 0:
                    quoted = true;
                    quoteStart = line;
                    break;
                case ',':
                    cells.Add(cell.ToString());
                    cell.Clear();
                    break;
                case '\r' or '\n':
                    if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
                    {
                        i++;
                    }
                    EndRow();
                    line++;
                    rowStart = line;
                    break;
                default:
                    cell.Append(c);
                    break;
            }
            i++;
        }
        if (quoted)
        {
            errors.Add(new SettlementError(quoteStart, "a quoted cell is never closed (a \" is missing)."));
            return rows;
        }
        EndRow();
        return rows;

        void EndRow()
        {
            cells.Add(cell.ToString());
            cell.Clear();
            if (cells.Count > 1 || cells[0].Trim().Length > 0)
            {
                rows.Add(new Row(rowStart, [.. cells]));
            }
            cells.Clear();
        }
    }
}
