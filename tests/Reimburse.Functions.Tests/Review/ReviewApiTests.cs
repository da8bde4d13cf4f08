using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Reimburse.Claims;
using Reimburse.Functions.Claims;
using Reimburse.Functions.Review;
using Reimburse.Functions.Security;
using Reimburse.Functions.Tests.Claims;
using Reimburse.Money;

namespace Reimburse.Functions.Tests.Review;

public sealed class ReviewApiTests(StaffAppFixture app) : IClassFixture<StaffAppFixture>
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task The_queue_lists_an_incidents_escalated_claims_longest_waiting_first_with_counts_per_reason()
    {
        var incident = app.NewIncident();
        var first = await app.EscalatedAsync(incident);
        var second = await app.EscalatedAsync(incident, declaredFee: 900);
        await app.ApprovedAsync(incident, 1);
        using var reviewer = app.Staff("queue-reviewer", Roles.Reviewer);

        var page = await QueueAsync(reviewer, $"incident={incident}");

        Assert.Equal(2, page.Total);
        Assert.Equal([first, second], page.Items.Select(i => i.ClaimId));
        Assert.Equal(2, page.ReasonCounts["R-AMOUNT-DECLARED"]);
        var item = page.Items[0];
        Assert.Equal("UnderReview", item.Status);
        Assert.Equal("審査待ち", item.StatusLabel.Ja);
        Assert.Equal(1_100, item.Amount);
        Assert.Equal(1_000, item.DeclaredFee);
        Assert.Contains("R-AMOUNT-DECLARED", item.Reasons);
        Assert.False(item.Overdue);
        Assert.Null(item.Lease);

        var otherReason = await QueueAsync(reviewer, $"incident={incident}&reason=R-FEE-CAP");
        Assert.Empty(otherReason.Items);
        Assert.Equal(2, otherReason.ReasonCounts["R-AMOUNT-DECLARED"]);
        Assert.Empty((await QueueAsync(reviewer, $"incident={incident}&minAmount=1101")).Items);
        Assert.Equal(2, (await QueueAsync(reviewer, $"incident={incident}&minAmount=1100&maxAmount=1100")).Total);
        Assert.Empty((await QueueAsync(reviewer, $"incident={incident}&minAgeHours=1")).Items);
        Assert.Empty((await QueueAsync(reviewer, $"incident={incident}&overdue=true")).Items);
        Assert.Single((await QueueAsync(reviewer, $"incident={incident}&limit=1")).Items);

        using var bad = await reviewer.GetAsync(new Uri($"/api/review/queue?incident={incident}&view=everything", UriKind.Relative));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal("application/problem+json", bad.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_claim_past_the_review_sla_is_overdue_in_the_queue()
    {
        var incident = app.NewIncident(p => p with { ReviewSlaHours = 1 });
        var claimId = await app.EscalatedAsync(incident);
        var options = app.Services.GetRequiredService<IOptions<ReviewOptions>>();
        var later = new ManualClock(DateTimeOffset.UtcNow.AddHours(2));
        var queue = new ReviewQueue(app.Services.GetRequiredService<ClaimStatusIndex>(), app.Store, options, later);

        var overdue = await queue.GetAsync(new ReviewQueueQuery(IncidentId: incident, Overdue: true), None);

        var item = Assert.Single(overdue.Items);
        Assert.Equal(claimId, item.ClaimId);
        Assert.True(item.Overdue);
        Assert.True(item.WaitingHours >= 2);
        Assert.Empty((await queue.GetAsync(new ReviewQueueQuery(IncidentId: incident, Overdue: false), None)).Items);
    }

    [Fact]
    public async Task The_claim_shows_failed_rules_facts_with_confidence_declared_values_leaked_cards_duplicates_and_the_audit_trail()
    {
        var incident = app.NewIncident();
        var statement = FakeReader.Good + "|same statement " + incident;
        var earlier = await app.SubmitAsync(incident, statement: statement);
        await app.WaitForAsync(earlier, ClaimStatus.Approved);
        var claimId = await app.SubmitAsync(incident, declaredFee: 1_000, statement: statement);
        await app.WaitForAsync(claimId, ClaimStatus.UnderReview);
        using var reviewer = app.Staff("detail-reviewer", Roles.Reviewer);

        var claim = await ClaimAsync(reviewer, claimId);

        Assert.Equal(claimId, claim.ClaimId);
        Assert.Equal(incident, claim.IncidentId);
        Assert.Equal(1_100, claim.ProposedAmount);
        Assert.Equal(1_100, claim.FourEyesThreshold);
        Assert.Equal(1_000, claim.Declared.Fee);
        Assert.Equal("1234", claim.Declared.CardLast4);
        Assert.Equal("****567", claim.Declared.PayoutAccount!.NumberMasked);
        Assert.Equal("ﾔﾏﾀﾞ ﾀﾛｳ", claim.Declared.PayoutAccount.HolderZengin);
        Assert.NotNull(claim.Declared.PayoutAccount.BankName);

        var failed = claim.Rules.TakeWhile(r => !r.Passed).Select(r => r.Code).ToList();
        Assert.Contains("R-AMOUNT-DECLARED", failed);
        Assert.Contains("R-DUPLICATE-DOC", failed);
        var declaredRule = claim.Rules.First(r => r.Code == "R-AMOUNT-DECLARED");
        Assert.False(string.IsNullOrWhiteSpace(declaredRule.Message.Ja));
        Assert.False(string.IsNullOrWhiteSpace(declaredRule.Message.En));
        Assert.NotNull(declaredRule.Title);
        Assert.Contains(claim.EscalationReasons, r => r.Code == "R-AMOUNT-DECLARED");

        var document = Assert.Single(claim.Documents);
        Assert.Equal(1_100, document.Facts!.Fee!.Value);
        Assert.Equal(0.97, document.Facts.Fee.Confidence);
        Assert.Equal("1234", document.Facts.CardLast4!.Value);
        Assert.StartsWith("/api/review/documents/", document.Link, StringComparison.Ordinal);
        Assert.True(document.LinkExpiresAt > DateTimeOffset.UtcNow.AddMinutes(4));

        Assert.Equal("ヤマダ タロウ", claim.Customer!.NameKana);
        Assert.Equal("1234", Assert.Single(claim.Customer.LeakedCards).Last4);
        var duplicate = Assert.Single(claim.Duplicates.Documents);
        Assert.Contains(duplicate.SameBytes, c => c.ClaimId == earlier && c.Status == "Approved");
        Assert.Empty(claim.Duplicates.SameCard);

        Assert.Equal(["claim-submitted", "extraction-succeeded", "claim-validated", "claim-escalated"], claim.Timeline.Select(t => t.Type));
        Assert.Equal("Claimant", claim.Timeline[0].ActorKind);
        Assert.Equal("System", claim.Timeline[^1].ActorKind);
        Assert.Equal(["lease"], claim.AllowedActions);

        using var missing = await reviewer.GetAsync(new Uri("/api/review/claims/CL-nothing", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        using var invalid = await reviewer.GetAsync(new Uri("/api/review/claims/bad%20id", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, invalid.StatusCode);
    }

    [Fact]
    public async Task A_reviewer_cannot_decide_a_claim_leased_by_another()
    {
        var incident = app.NewIncident();
        var claimId = await app.EscalatedAsync(incident);
        using var sato = app.Staff("lease-sato", Roles.Reviewer);
        using var suzuki = app.Staff("lease-suzuki", Roles.Reviewer);

        var leased = await DecideAsync(sato, claimId, "lease", new { minutes = 20 });
        Assert.Equal("id-lease-sato", leased.Lease!.ReviewerId);

        await RefusedAsync(suzuki, claimId, "lease", null, HttpStatusCode.Conflict, ClaimErrors.LeaseHeld);
        await RefusedAsync(suzuki, claimId, "approve", new { }, HttpStatusCode.Conflict, ClaimErrors.LeaseHeld);
        await RefusedAsync(suzuki, claimId, "reject", new { reasonCode = "NotAffected" }, HttpStatusCode.Conflict, ClaimErrors.LeaseHeld);
        await RefusedAsync(suzuki, claimId, "request-information", new { message = "?", deadline = "2099-01-01" }, HttpStatusCode.Conflict, ClaimErrors.LeaseHeld);
        using (var release = await suzuki.DeleteAsync(new Uri($"/api/review/claims/{claimId}/lease", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.Conflict, release.StatusCode);
        }
        Assert.Equal(ClaimStatus.UnderReview, (await app.LoadAsync(claimId)).Status);

        var approved = await DecideAsync(sato, claimId, "approve", new { });
        Assert.Equal("Approved", approved.Status);
        Assert.Equal(1_100, approved.ApprovedAmount);
        var history = await app.Store.ReadHistoryAsync(claimId, None);
        var approval = Assert.IsType<ReviewerApproved>(history[^1].Event);
        Assert.Equal(Actor.Reviewer("id-lease-sato"), approval.Actor);
    }

    [Fact]
    public async Task A_reviewer_must_take_the_claim_before_deciding_and_may_give_it_back()
    {
        var incident = app.NewIncident();
        var claimId = await app.EscalatedAsync(incident);
        using var reviewer = app.Staff("lease-takahashi", Roles.Reviewer);

        await RefusedAsync(reviewer, claimId, "approve", new { }, HttpStatusCode.Conflict, ClaimErrors.LeaseRequired);
        await DecideAsync(reviewer, claimId, "lease", null);
        using var released = await reviewer.DeleteAsync(new Uri($"/api/review/claims/{claimId}/lease", UriKind.Relative));
        var decision = await StaffAppFixture.ReadAsync<ReviewDecision>(released);
        Assert.Null(decision.Lease);
        Assert.True(decision.Changed);
        await RefusedAsync(reviewer, claimId, "lease", new { minutes = 9_999 }, HttpStatusCode.BadRequest, null);
    }

    [Fact]
    public async Task Four_eyes_cannot_be_satisfied_by_the_same_person_twice()
    {
        var incident = app.NewIncident();
        var claimId = await app.EscalatedAsync(incident);
        using var first = app.Staff("senior-ito", Roles.SeniorReviewer);
        using var junior = app.Staff("junior-kato", Roles.Reviewer);
        using var second = app.Staff("senior-yoshida", Roles.SeniorReviewer);

        await DecideAsync(first, claimId, "lease", null);
        await RefusedAsync(first, claimId, "approve", new { amount = 1_000 }, HttpStatusCode.UnprocessableEntity, ClaimErrors.InvalidInput);
        var approved = await DecideAsync(first, claimId, "approve", new { amount = 1_000, reason = "明細の割引後の金額" });
        Assert.Equal("AwaitingSecondApproval", approved.Status);
        Assert.Equal(new FirstApprovalView("id-senior-ito", 1_000, "明細の割引後の金額", approved.FirstApproval!.At), approved.FirstApproval);

        // The first approver, even as a senior reviewer holding the lease, cannot give the second approval.
        await DecideAsync(first, claimId, "lease", null);
        await RefusedAsync(first, claimId, "confirm", null, HttpStatusCode.Conflict, ClaimErrors.SameReviewer);
        using (var release = await first.DeleteAsync(new Uri($"/api/review/claims/{claimId}/lease", UriKind.Relative)))
        {
            release.EnsureSuccessStatusCode();
        }
        // A reviewer who is not senior may not confirm at all.
        await RefusedAsync(junior, claimId, "confirm", null, HttpStatusCode.Forbidden, null);
        Assert.Equal(ClaimStatus.AwaitingSecondApproval, (await app.LoadAsync(claimId)).Status);

        await DecideAsync(second, claimId, "lease", null);
        var confirmed = await DecideAsync(second, claimId, "confirm", null);
        Assert.Equal("Approved", confirmed.Status);
        Assert.Equal(1_000, confirmed.ApprovedAmount);

        var history = (await app.Store.ReadHistoryAsync(claimId, None)).Select(e => e.Event).ToList();
        Assert.Equal(Actor.SeniorReviewer("id-senior-ito"), history.OfType<ReviewerApproved>().Single().Actor);
        Assert.Equal(Actor.SeniorReviewer("id-senior-yoshida"), history.OfType<ApprovalConfirmed>().Single().Actor);
    }

    [Fact]
    public async Task An_approval_above_the_incidents_threshold_needs_a_second_senior_reviewer_who_may_send_it_back()
    {
        var incident = app.NewIncident(p => p with { FourEyesThreshold = new Yen(1_000) });
        var claimId = await app.EscalatedAsync(incident);
        using var reviewer = app.Staff("threshold-reviewer", Roles.Reviewer);
        using var senior = app.Staff("threshold-senior", Roles.SeniorReviewer);

        await DecideAsync(reviewer, claimId, "lease", null);
        var approved = await DecideAsync(reviewer, claimId, "approve", new { });
        Assert.Equal("AwaitingSecondApproval", approved.Status);
        Assert.Equal(1_100, approved.FirstApproval!.Amount);

        var queue = await QueueAsync(senior, $"incident={incident}&view=second-approval");
        Assert.Equal(claimId, Assert.Single(queue.Items).ClaimId);

        await DecideAsync(senior, claimId, "lease", null);
        await RefusedAsync(senior, claimId, "decline", new { note = "" }, HttpStatusCode.UnprocessableEntity, ClaimErrors.InvalidInput);
        var declined = await DecideAsync(senior, claimId, "decline", new { note = "明細を再確認してください" });
        Assert.Equal("UnderReview", declined.Status);
    }

    [Fact]
    public async Task Reject_takes_a_reason_from_the_list_and_request_information_a_message_and_a_deadline()
    {
        var incident = app.NewIncident();
        var rejected = await app.EscalatedAsync(incident);
        var asked = await app.EscalatedAsync(incident);
        using var reviewer = app.Staff("decide-watanabe", Roles.Reviewer);
        var reasons = await reviewer.GetFromJsonAsync<List<RejectionReason>>(new Uri("/api/review/rejection-reasons", UriKind.Relative));
        Assert.Contains(reasons!, r => r.Code == "NotAffected" && r.Label.Ja.Length > 0 && !r.NoteRequired);
        Assert.True(reasons!.Single(r => r.Code == "Other").NoteRequired);

        await DecideAsync(reviewer, rejected, "lease", null);
        await RefusedAsync(reviewer, rejected, "reject", new { reasonCode = "bogus" }, HttpStatusCode.BadRequest, null);
        await RefusedAsync(reviewer, rejected, "reject", new { reasonCode = "3" }, HttpStatusCode.BadRequest, null);
        await RefusedAsync(reviewer, rejected, "reject", new { reasonCode = "Other" }, HttpStatusCode.UnprocessableEntity, ClaimErrors.InvalidInput);
        var decision = await DecideAsync(reviewer, rejected, "reject", new { reasonCode = "card-not-leaked", note = "別カードの明細" });
        Assert.Equal("Rejected", decision.Status);
        var state = await app.LoadAsync(rejected);
        Assert.Equal(RejectionCode.CardNotLeaked, state.Rejection!.Code);
        Assert.Equal(Actor.Reviewer("id-decide-watanabe"), state.Rejection.By);

        await DecideAsync(reviewer, asked, "lease", null);
        await RefusedAsync(reviewer, asked, "request-information", new { message = "明細の全体を", deadline = "next week" }, HttpStatusCode.BadRequest, null);
        await RefusedAsync(reviewer, asked, "request-information", new { message = "明細の全体を", deadline = "2026-05-01T17:00:00" }, HttpStatusCode.BadRequest, null);
        await RefusedAsync(reviewer, asked, "request-information", new { message = "明細の全体を", deadline = "2020-01-01" }, HttpStatusCode.UnprocessableEntity, ClaimErrors.InvalidInput);
        await RefusedAsync(reviewer, asked, "request-information", new { message = "", deadline = "2099-01-01" }, HttpStatusCode.UnprocessableEntity, ClaimErrors.InvalidInput);
        var deadline = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(10)).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var requested = await DecideAsync(reviewer, asked, "request-information", new { message = "明細の全体を撮影してください", deadline });
        Assert.Equal("InformationRequested", requested.Status);
        var open = (await app.LoadAsync(asked)).OpenRequest!;
        Assert.Equal("明細の全体を撮影してください", open.Message.Ja);
        Assert.Equal(Policy.TokyoTime.EndOf(DateOnly.Parse(deadline, System.Globalization.CultureInfo.InvariantCulture)), open.Deadline);
        Assert.Equal(Actor.Reviewer("id-decide-watanabe"), open.RequestedBy);
    }

    [Fact]
    public async Task A_flagged_claim_shows_under_attention_until_a_reviewer_clears_it()
    {
        var incident = app.NewIncident();
        var claimId = await app.EscalatedAsync(incident);
        await app.Executor.ExecuteAsync(claimId, new FlagForAttention("RemindReviewers:1", 5, "TimeoutException") { Actor = Actor.System, At = DateTimeOffset.UtcNow }, None);
        using var reviewer = app.Staff("attention-reviewer", Roles.Reviewer);

        var attention = await QueueAsync(reviewer, $"incident={incident}&view=attention");
        var item = Assert.Single(attention.Items);
        Assert.Equal("RemindReviewers:1", item.Attention!.StepKey);
        Assert.Contains(ClaimStatusIndex.AttentionReason, item.Reasons);
        var all = await QueueAsync(reviewer, $"incident={incident}");
        Assert.Equal(1, all.Total);
        Assert.Equal(1, all.ReasonCounts[ClaimStatusIndex.AttentionReason]);

        await RefusedAsync(reviewer, claimId, "clear-attention", new { note = "" }, HttpStatusCode.UnprocessableEntity, ClaimErrors.InvalidInput);
        await DecideAsync(reviewer, claimId, "clear-attention", new { note = "タイムアウトは解消済み" });
        Assert.Empty((await QueueAsync(reviewer, $"incident={incident}&view=attention")).Items);
        Assert.Single((await QueueAsync(reviewer, $"incident={incident}")).Items);
    }

    private static async Task<ReviewQueuePage> QueueAsync(HttpClient client, string query)
    {
        using var response = await client.GetAsync(new Uri("/api/review/queue?" + query, UriKind.Relative));
        return await StaffAppFixture.ReadAsync<ReviewQueuePage>(response);
    }

    private static async Task<ReviewClaim> ClaimAsync(HttpClient client, string claimId)
    {
        using var response = await client.GetAsync(new Uri("/api/review/claims/" + claimId, UriKind.Relative));
        return await StaffAppFixture.ReadAsync<ReviewClaim>(response);
    }

    internal static async Task<ReviewDecision> DecideAsync(HttpClient client, string claimId, string action, object? body)
    {
        using var response = await client.PostAsJsonAsync(new Uri($"/api/review/claims/{claimId}/{action}", UriKind.Relative), body ?? new { });
        return await StaffAppFixture.ReadAsync<ReviewDecision>(response);
    }

    private static async Task RefusedAsync(HttpClient client, string claimId, string action, object? body, HttpStatusCode status, string? code)
    {
        using var response = await client.PostAsJsonAsync(new Uri($"/api/review/claims/{claimId}/{action}", UriKind.Relative), body ?? new { });
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"{action}: expected {(int)status}, got {(int)response.StatusCode}: {text}");
        if (code is not null)
        {
            using var json = JsonDocument.Parse(text);
            Assert.Equal(code, json.RootElement.GetProperty("code").GetString());
        }
    }
}
