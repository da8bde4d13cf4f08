using Reimburse.Customers;

namespace Reimburse.ClaimCodes;

/// <summary>
/// One line of the mail-merge file for the notice letter/email. This file is the only place a claim code exists in
/// clear text: it is written once per issuance run and handed to the operator once.
/// </summary>
public sealed record MailMergeLine(string CustomerId, string Name, string PostalCode, string Address, string? Email, string ClaimCode)
{
    /// <summary>The file's header line.</summary>
    public static readonly string[] Header = ["customer_id", "name", "postal_code", "address", "email", "claim_code"];

    /// <summary>The line for <paramref name="customer"/> and their new code (printed form).</summary>
    public static MailMergeLine For(AffectedCustomer customer, string claimCode)
    {
        ArgumentNullException.ThrowIfNull(customer);
        return new(customer.CustomerId, customer.NameKanji, PostalCodes.Format(customer.PostalCode), customer.Address, customer.Email, claimCode);
    }

    /// <summary>Writes this line as CSV.</summary>
    public void WriteTo(TextWriter writer) => CsvText.WriteLine(writer, CustomerId, Name, PostalCode, Address, Email, ClaimCode);
}
