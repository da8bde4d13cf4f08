using System.Security.Cryptography;
using Reimburse.Banking;
using Reimburse.Claims;
using Reimburse.Functions.Cardholders;
using Reimburse.Functions.Claims;
using Reimburse.Incidents;
using Reimburse.Text;

namespace Reimburse.Functions.Intake;

/// <summary>What an intake request did: the claim afterwards, and whether this request changed it (false on a replay).</summary>
public sealed record IntakeOutcome(ClaimState State, bool Changed);

/// <summary>Documents sent for an existing claim, with an optional note (the answer to a request).</summary>
/// <param name="Files">The inspected files (possibly none when a note answers a question).</param>
/// <param name="Note">The claimant's answer, if any.</param>
/// <param name="RequestId">The request answered, if the client names it (checked against the open one).</param>
public sealed record DocumentSubmission(IReadOnlyList<InspectedUpload> Files, string? Note, string? RequestId);

/// <summary>
/// The cardholder side of the claim workflow: submits claims, adds documents and answers requests, changes the
/// payout account, and finds a cardholder's own claims. Every change goes through <see cref="ClaimExecutor"/>.
/// </summary>
/// <remarks>
/// <para>An accepted upload is never lost and nothing is ever half visible: the idempotency record (claim id and the
/// documents' random blob names) is written first, then each blob once (If-None-Match: *), and only then the event
/// (<see cref="ClaimSubmitted"/>, <see cref="DocumentAdded"/>, <see cref="InformationProvided"/>). A failure in
/// between leaves blobs nobody references and a record whose claim does not exist; the claimant sees no claim, and
/// the retry with the same key writes the same blob names (already there) and appends the event.</para>
/// <para>Another customer's claim and a claim that does not exist answer the same: <see cref="ClaimErrors.NotFound"/>.</para>
/// </remarks>
public sealed partial class ClaimIntake(
    IntakeLedger ledger,
    IClaimDocuments documents,
    ClaimExecutor executor,
    ClaimStore store,
    IIncidentStore incidents,
    TimeProvider time,
    ILogger<ClaimIntake> logger)
{
    private const string ClaimIdAlphabet = "23456789ABCDEFGHJKMNPQRSTVWXYZ";

    /// <summary>Submits a claim, or returns the claim an earlier request with the same key submitted.</summary>
    /// <exception cref="IntakeException">The key was used for a different request (422).</exception>
    public async Task<IntakeOutcome> SubmitAsync(Cardholder who, string idempotencyKey, ClaimFields fields, IReadOnlyList<InspectedUpload> files, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(who);
        ArgumentNullException.ThrowIfNull(fields);
        ArgumentNullException.ThrowIfNull(files);
        using var activity = ClaimTelemetry.Source.StartActivity("claim.intake.submit");
        var fingerprint = IntakeLedger.Fingerprint(
            IntakeOperation.Submit, fields.ReissuedOn.ToString("O", System.Globalization.CultureInfo.InvariantCulture), fields.DeclaredFee.Amount, fields.CardLast4,
            fields.PayoutAccount.BankCode, fields.PayoutAccount.BranchCode, fields.PayoutAccount.Type, fields.PayoutAccount.Number, fields.PayoutAccount.HolderKana,
            string.Join(",", files.Select(f => f.Sha256)));
        var claimId = NewClaimId();
        var planned = new IntakeRecord(IntakeOperation.Submit, claimId, fingerprint, Plan(files, i => "d" + (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture)), time.GetUtcNow());
        var record = await ledger.AddOrGetAsync(who, idempotencyKey, planned, cancellationToken).ConfigureAwait(false);
        RequireSameRequest(record, IntakeOperation.Submit, null, fingerprint);
        activity?.SetTag("claim.id", record.ClaimId);
        var refs = await StoreAsync(record, files, cancellationToken).ConfigureAwait(false);

        var incident = await incidents.GetAsync(who.IncidentId, cancellationToken).ConfigureAwait(false)
            ?? throw new ClaimDomainException(ClaimErrors.NotFound, new LocalizedText("対象の事案が見つかりません。", "The incident no longer exists."));
        var submit = new SubmitClaim(record.ClaimId, who.IncidentId, who.CustomerId, fields.CardLast4, fields.DeclaredFee, fields.ReissuedOn,
            fields.PayoutAccount, refs, ClaimTerms.From(incident.Policy))
        {
            Actor = Actor.Claimant(who.CustomerId),
            At = time.GetUtcNow(),
        };
        var execution = await executor.ExecuteAsync(record.ClaimId, submit, cancellationToken).ConfigureAwait(false);
        if (execution.Changed)
        {
            LogSubmitted(logger, record.ClaimId, refs.Count);
        }
        return new IntakeOutcome(execution.State, execution.Changed);
    }

    /// <summary>
    /// Adds documents to a claim still being read or checked, or answers its open request (documents and/or a note);
    /// a retry with the same key returns the claim as it is.
    /// </summary>
    public async Task<IntakeOutcome> AddDocumentsAsync(Cardholder who, string claimId, string idempotencyKey, DocumentSubmission submission, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(submission);
        using var activity = ClaimTelemetry.Source.StartActivity("claim.intake.documents");
        activity?.SetTag("claim.id", claimId);
        var state = await LoadOwnAsync(who, claimId, cancellationToken).ConfigureAwait(false);
        var fingerprint = IntakeLedger.Fingerprint(IntakeOperation.AddDocuments, claimId, submission.Note, submission.RequestId, string.Join(",", submission.Files.Select(f => f.Sha256)));
        // Random document ids: two keys adding documents at once must not pick the same id.
        var batch = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));
        var planned = new IntakeRecord(IntakeOperation.AddDocuments, claimId, fingerprint,
            Plan(submission.Files, i => "a" + batch + "-" + (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture)), time.GetUtcNow());
        var record = await ledger.AddOrGetAsync(who, idempotencyKey, planned, cancellationToken).ConfigureAwait(false);
        RequireSameRequest(record, IntakeOperation.AddDocuments, claimId, fingerprint);
        var replay = !ReferenceEquals(record, planned);
        var done = record.Documents.Count > 0
            ? record.Documents.All(d => state.FindDocument(d.DocumentId) is not null)
            : replay && state.Status != ClaimStatus.InformationRequested;
        if (done)
        {
            // Done before: the retry of a request whose answer was lost.
            return new IntakeOutcome(state, false);
        }
        var refs = await StoreAsync(record, submission.Files, cancellationToken).ConfigureAwait(false);
        var actor = Actor.Claimant(who.CustomerId);
        if (state.Status == ClaimStatus.InformationRequested && state.OpenRequest is { } request)
        {
            var answer = new ProvideInformation(submission.RequestId ?? request.RequestId, string.IsNullOrWhiteSpace(submission.Note) ? null : submission.Note.Trim(), refs, null)
            {
                Actor = actor,
                At = time.GetUtcNow(),
            };
            var answered = await executor.ExecuteAsync(claimId, answer, cancellationToken).ConfigureAwait(false);
            return new IntakeOutcome(answered.State, answered.Changed);
        }
        if (refs.Count == 0)
        {
            throw new IntakeException(StatusCodes.Status400BadRequest, IntakeErrors.NoFiles, new(
                "追加する書類を添付してください。", "Attach the documents to add."));
        }
        var changed = false;
        var current = state;
        foreach (var document in refs)
        {
            var added = await executor.ExecuteAsync(claimId, new AddDocument(document) { Actor = actor, At = time.GetUtcNow() }, cancellationToken).ConfigureAwait(false);
            changed |= added.Changed;
            current = added.State;
        }
        return new IntakeOutcome(current, changed);
    }

    /// <summary>
    /// Gives the corrected payout account the claim asks for (after a returned transfer or an invalid account). Giving
    /// the account the claim already has is a no-op, so a retried PUT answers the same.
    /// </summary>
    public async Task<IntakeOutcome> ChangeBankAccountAsync(Cardholder who, string claimId, BankAccount account, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(account);
        var state = await LoadOwnAsync(who, claimId, cancellationToken).ConfigureAwait(false);
        if (state.OpenRequest is { Kind: InformationRequestKind.CorrectedBankAccount or InformationRequestKind.ReviewerQuestion } request && state.Status == ClaimStatus.InformationRequested)
        {
            var answer = new ProvideInformation(request.RequestId, null, [], account) { Actor = Actor.Claimant(who.CustomerId), At = time.GetUtcNow() };
            var execution = await executor.ExecuteAsync(claimId, answer, cancellationToken).ConfigureAwait(false);
            return new IntakeOutcome(execution.State, execution.Changed);
        }
        if (state.PayoutAccount == account)
        {
            return new IntakeOutcome(state, false);
        }
        throw new ClaimDomainException(ClaimErrors.IllegalTransition, new LocalizedText(
            "振込先口座は、口座の再登録をお願いしているときに変更できます。",
            "The payout account can be changed when we ask you for another account."));
    }

    /// <summary>The cardholder's claim; a claim of anyone else answers exactly like one that does not exist.</summary>
    /// <exception cref="ClaimDomainException"><see cref="ClaimErrors.NotFound"/>.</exception>
    public async Task<ClaimState> LoadOwnAsync(Cardholder who, string claimId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(who);
        var state = ClaimIds.IsValidPart(claimId) ? await store.LoadAsync(claimId, cancellationToken).ConfigureAwait(false) : ClaimState.Empty;
        if (!state.Exists
            || !string.Equals(state.CustomerId, who.CustomerId, StringComparison.Ordinal)
            || !string.Equals(state.IncidentId, who.IncidentId, StringComparison.Ordinal))
        {
            throw NotFound();
        }
        return state;
    }

    /// <summary>The cardholder's submitted claims, newest first (a submission interrupted before its event is not one).</summary>
    public async Task<IReadOnlyList<ClaimState>> ListOwnAsync(Cardholder who, CancellationToken cancellationToken)
    {
        var claims = new List<ClaimState>();
        foreach (var id in await ledger.SubmittedClaimIdsAsync(who, cancellationToken).ConfigureAwait(false))
        {
            var state = await store.LoadAsync(id, cancellationToken).ConfigureAwait(false);
            if (state.Exists && state.CustomerId == who.CustomerId && state.IncidentId == who.IncidentId)
            {
                claims.Add(state);
            }
        }
        return [.. claims.OrderByDescending(c => c.SubmittedAt)];
    }

    /// <summary>The claim's events (for the claimant's reasons and history).</summary>
    public async Task<IReadOnlyList<ClaimEvent>> HistoryAsync(ClaimState state, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(state);
        var stored = await store.ReadHistoryAsync(state.ClaimId, cancellationToken).ConfigureAwait(false);
        return [.. stored.Select(s => s.Event)];
    }

    /// <summary>The one answer for a claim that is not the caller's or does not exist.</summary>
    public static ClaimDomainException NotFound() =>
        new(ClaimErrors.NotFound, new LocalizedText("申請が見つかりません。", "There is no such claim."));

    // The record fixes ids and blob names; the bytes (and the claimant's file names) come with each request.
    private async Task<IReadOnlyList<DocumentRef>> StoreAsync(IntakeRecord record, IReadOnlyList<InspectedUpload> files, CancellationToken cancellationToken)
    {
        var refs = new List<DocumentRef>(files.Count);
        for (var i = 0; i < files.Count; i++)
        {
            var document = record.Documents[i] with { FileName = files[i].FileName };
            if (!await documents.WriteOnceAsync(document, files[i].Content, cancellationToken).ConfigureAwait(false))
            {
                LogBlobExisted(logger, record.ClaimId, document.DocumentId);
            }
            refs.Add(document);
        }
        return refs;
    }

    private static List<DocumentRef> Plan(IReadOnlyList<InspectedUpload> files, Func<int, string> documentId) =>
        [.. files.Select((f, i) => new DocumentRef(documentId(i), Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)), f.Sha256, f.ContentType, f.Length, null))];

    private static void RequireSameRequest(IntakeRecord record, IntakeOperation operation, string? claimId, string fingerprint)
    {
        if (record.Operation != operation || (claimId is not null && record.ClaimId != claimId) || record.Fingerprint != fingerprint)
        {
            throw new IntakeException(StatusCodes.Status422UnprocessableEntity, IntakeErrors.IdempotencyKeyReused, new(
                "この再送キー(Idempotency-Key)は別の内容の送信に使われています。新しい送信には新しいキーを使ってください。",
                "This Idempotency-Key was used for a different request. Use a new key for a new request."));
        }
    }

    private static string NewClaimId()
    {
        // 12 characters from 30 (no 0/O, 1/I/L, U): about 59 bits, not guessable, easy to read out on the phone.
        var chars = RandomNumberGenerator.GetString(ClaimIdAlphabet, 12);
        return "CL-" + chars[..4] + "-" + chars[4..8] + "-" + chars[8..];
    }

    [LoggerMessage(EventId = 6000, Level = LogLevel.Information, Message = "Claim {ClaimId} submitted with {Documents} document(s)")]
    private static partial void LogSubmitted(ILogger logger, string claimId, int documents);

    [LoggerMessage(EventId = 6001, Level = LogLevel.Information, Message = "Claim {ClaimId}: blob of document {DocumentId} was already stored (a retried request)")]
    private static partial void LogBlobExisted(ILogger logger, string claimId, string documentId);
}
