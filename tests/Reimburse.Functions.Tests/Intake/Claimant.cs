using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using Reimburse.Functions.Intake;

namespace Reimburse.Functions.Tests.Intake;

/// <summary>A statement file to attach.</summary>
internal sealed record Attachment(string FileName, byte[] Content, string DeclaredType = "application/octet-stream");

/// <summary>What a claimant types into the claim form (valid by default).</summary>
internal sealed record ClaimInput(
    string ReissueDate = "2026-06-10",
    string DeclaredFee = "1100",
    string CardLast4 = "1234",
    string BankCode = "0001",
    string BranchCode = "001",
    string AccountType = "普通",
    string AccountNumber = "1234567",
    string AccountHolder = "ヤマダ タロウ");

/// <summary>Builds the multipart requests of the claim API.</summary>
internal static class Claimant
{
    /// <summary>A CSV statement the local reader reads (and the sniffer accepts as text).</summary>
    public static Attachment CsvStatement(string reference, long fee = 1_100) => new(
        "meisai-" + reference + ".csv",
        Encoding.UTF8.GetBytes($"利用日,利用店名・商品名,利用金額\n2026/06/10,カード再発行手数料,{fee}\n2026/06/11,参照 {reference},100\n"));

    public static MultipartFormDataContent Form(ClaimInput input, params Attachment[] files)
    {
        var form = new MultipartFormDataContent();
        foreach (var (name, value) in new[]
        {
            ("reissueDate", input.ReissueDate), ("declaredFee", input.DeclaredFee), ("cardLast4", input.CardLast4),
            ("bankCode", input.BankCode), ("branchCode", input.BranchCode), ("accountType", input.AccountType),
            ("accountNumber", input.AccountNumber), ("accountHolder", input.AccountHolder),
        })
        {
            form.Add(new StringContent(value), name);
        }
        foreach (var file in files)
        {
            var content = new ByteArrayContent(file.Content);
            content.Headers.ContentType = MediaTypeHeaderValue.Parse(file.DeclaredType);
            form.Add(content, "files", file.FileName);
        }
        return form;
    }

    public static async Task<HttpResponseMessage> SubmitAsync(HttpClient client, string? key, ClaimInput input, params Attachment[] files)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/api/claims", UriKind.Relative)) { Content = Form(input, files) };
        if (key is not null)
        {
            request.Headers.Add(ClaimEndpoints.IdempotencyKeyHeader, key);
        }
        return await client.SendAsync(request);
    }

    public static async Task<ClaimView> SubmittedAsync(HttpClient client, ClaimInput input, params Attachment[] files)
    {
        var response = await SubmitAsync(client, Guid.NewGuid().ToString(), input, files);
        Assert.True(response.StatusCode == System.Net.HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<ClaimView>())!;
    }

    public static async Task<HttpResponseMessage> AddDocumentsAsync(HttpClient client, string claimId, string? key, string? note, params Attachment[] files)
    {
        var form = new MultipartFormDataContent();
        if (note is not null)
        {
            form.Add(new StringContent(note), "note");
        }
        foreach (var file in files)
        {
            form.Add(new ByteArrayContent(file.Content), "files", file.FileName);
        }
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri($"/api/claims/{claimId}/documents", UriKind.Relative)) { Content = form };
        if (key is not null)
        {
            request.Headers.Add(ClaimEndpoints.IdempotencyKeyHeader, key);
        }
        return await client.SendAsync(request);
    }

    public static Task<ClaimView?> GetAsync(HttpClient client, string claimId) =>
        client.GetFromJsonAsync<ClaimView>(new Uri($"/api/claims/{claimId}", UriKind.Relative));

    /// <summary>A minimal PDF of empty pages (for page limits; poppler opens it).</summary>
    public static byte[] EmptyPagesPdf(int pages, string marker = "")
    {
        // The marker (a PDF comment) makes two blank documents different files.
        var sb = new StringBuilder("%PDF-1.4\n%" + marker + "\n");
        var offsets = new List<int>();
        void Obj(string body)
        {
            offsets.Add(Encoding.ASCII.GetByteCount(sb.ToString()));
            sb.Append(offsets.Count).Append(" 0 obj\n").Append(body).Append("\nendobj\n");
        }
        Obj("<< /Type /Catalog /Pages 2 0 R >>");
        var kids = string.Join(" ", Enumerable.Range(0, pages).Select(i => (3 + i) + " 0 R"));
        Obj($"<< /Type /Pages /Kids [{kids}] /Count {pages} >>");
        for (var i = 0; i < pages; i++)
        {
            Obj("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>");
        }
        var xref = Encoding.ASCII.GetByteCount(sb.ToString());
        sb.Append("xref\n0 ").Append(offsets.Count + 1).Append("\n0000000000 65535 f \n");
        foreach (var offset in offsets)
        {
            sb.Append(offset.ToString("D10", System.Globalization.CultureInfo.InvariantCulture)).Append(" 00000 n \n");
        }
        sb.Append("trailer\n<< /Size ").Append(offsets.Count + 1).Append(" /Root 1 0 R >>\nstartxref\n").Append(xref).Append("\n%%EOF\n");
        return Encoding.ASCII.GetBytes(sb.ToString());
    }

    /// <summary>A PNG header claiming the given size (enough for the size check; not decodable).</summary>
    public static byte[] PngHeader(uint width, uint height)
    {
        var bytes = new byte[33];
        new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, (byte)'I', (byte)'H', (byte)'D', (byte)'R' }.CopyTo(bytes, 0);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(16), width);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(20), height);
        bytes[24] = 8;
        bytes[25] = 2;
        return bytes;
    }
}
