using Microsoft.Extensions.Options;
using Reimburse.Azure.Storage;
using Reimburse.Functions.Cardholders;

namespace Reimburse.Functions.Tests.Cardholders;

/// <summary>Session tokens without HTTP: lifetimes, extension, keys and anti-forgery tokens.</summary>
public sealed class CardholderSessionsTests
{
    private readonly ShiftedClock _clock = new();

    private CardholderSessions Sessions(string? key = null) => new(
        Options.Create(new CardholderSessionOptions { SessionKey = key ?? Convert.ToBase64String(new byte[32]) }),
        StorageAccount.FromConnectionString("UseDevelopmentStorage=true"),
        _clock);

    [Fact]
    public void A_session_ends_at_its_absolute_limit_however_active()
    {
        var sessions = Sessions();
        var (session, token) = sessions.Open("inc", "C1");
        for (var minutes = 20; minutes < 120; minutes += 20)
        {
            _clock.Advance(TimeSpan.FromMinutes(20));
            var current = sessions.Validate(token);
            Assert.NotNull(current);
            if (sessions.Extend(current) is var (extended, fresh))
            {
                Assert.True(extended.ExpiresAt <= session.AbsoluteExpiresAt);
                token = fresh;
            }
        }
        Assert.NotNull(sessions.Validate(token));
        _clock.Advance(TimeSpan.FromMinutes(20));
        Assert.Null(sessions.Validate(token));
    }

    [Fact]
    public void A_token_is_extended_only_after_half_its_idle_time()
    {
        var sessions = Sessions();
        var (session, _) = sessions.Open("inc", "C1");
        _clock.Advance(TimeSpan.FromMinutes(10));
        Assert.Null(sessions.Extend(session));
        _clock.Advance(TimeSpan.FromMinutes(6));
        var (extended, _) = sessions.Extend(session)!.Value;
        Assert.Equal(session.SessionId, extended.SessionId);
        Assert.InRange((extended.ExpiresAt - _clock.GetUtcNow()).TotalMinutes, 29.9, 30.0);
    }

    [Fact]
    public void A_token_signed_with_another_key_or_mangled_is_no_session()
    {
        var (_, token) = Sessions(Convert.ToBase64String(Enumerable.Repeat((byte)7, 32).ToArray())).Open("inc", "C1");
        var sessions = Sessions();
        Assert.Null(sessions.Validate(token));
        Assert.Null(sessions.Validate("rcs1.e30.AAAA"));
        Assert.Null(sessions.Validate("rcs1.%%%.###"));
        Assert.Null(sessions.Validate("eyJhbGciOiJIUzI1NiJ9.e30.x"));
        Assert.Null(sessions.Validate(null));
    }

    [Fact]
    public void The_anti_forgery_token_belongs_to_one_session()
    {
        var sessions = Sessions();
        var (a, _) = sessions.Open("inc", "C1");
        var (b, _) = sessions.Open("inc", "C1");
        Assert.True(sessions.IsValidCsrfToken(a.SessionId, sessions.CsrfToken(a.SessionId)));
        Assert.False(sessions.IsValidCsrfToken(a.SessionId, sessions.CsrfToken(b.SessionId)));
        Assert.False(sessions.IsValidCsrfToken(a.SessionId, null));
        Assert.False(sessions.IsValidCsrfToken(a.SessionId, ""));
    }

    [Fact]
    public void A_session_holds_ids_and_times_only()
    {
        var (_, token) = Sessions().Open("inc-x", "C-42");
        var payload = token.Split('.')[1];
        var json = System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(payload.Replace('-', '+').Replace('_', '/') + new string('=', (4 - (payload.Length % 4)) % 4)));
        var names = System.Text.Json.JsonDocument.Parse(json).RootElement.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal);
        Assert.Equal(["abs", "cus", "exp", "iat", "inc", "sid"], names);
    }
}
