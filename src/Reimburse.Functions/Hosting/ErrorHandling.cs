using Azure;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Reimburse.Claims;
using Reimburse.Functions.Intake;
using Reimburse.Text;

namespace Reimburse.Functions.Hosting;

/// <summary>
/// The one place where exceptions become ProblemDetails. Bad input is a 400 with a reason the caller can act on;
/// a storage conflict is a 409; anything else is logged (without personal data) and answered with a 500 that
/// carries only a trace id.
/// </summary>
public sealed partial class ProblemExceptionHandler(IProblemDetailsService problems, ILogger<ProblemExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        var (status, title, detail) = exception switch
        {
            BadHttpRequestException bad => (bad.StatusCode, "The request could not be read.", bad.Message),
            InputException input => (StatusCodes.Status400BadRequest, input.Title, input.Message),
            ClaimDomainException domain => (StatusFor(domain.Code), "The claim does not allow this now.", domain.Text.For(PreferredLanguage(httpContext))),
            IntakeException intake => (intake.Status, "The request cannot be accepted.", intake.Text.For(PreferredLanguage(httpContext))),
            ConflictException conflict => (StatusCodes.Status409Conflict, "The request conflicts with the current state.", conflict.Message),
            RequestFailedException { Status: 409 or 412 } => (StatusCodes.Status409Conflict, "The resource changed meanwhile; retry.", null),
            OperationCanceledException when httpContext.RequestAborted.IsCancellationRequested => (499, "Client closed the request.", null),
            _ => (StatusCodes.Status500InternalServerError, "An unexpected error occurred.", null),
        };
        if (status >= 500)
        {
            LogUnhandled(logger, exception.GetType().Name, httpContext.Request.Path, exception);
        }
        httpContext.Response.StatusCode = status;
        var problem = new ProblemDetails { Status = status, Title = title, Detail = detail };
        if (exception is ClaimDomainException claimError)
        {
            Describe(problem, claimError.Code, claimError.Text);
        }
        if (exception is IntakeException intakeError)
        {
            Describe(problem, intakeError.Code, intakeError.Text);
            if (intakeError.Fields.Count > 0)
            {
                var language = PreferredLanguage(httpContext);
                problem.Extensions["errors"] = intakeError.Fields.ToDictionary(f => f.Key, f => f.Value.Select(m => m.For(language)).ToArray());
                problem.Extensions["fieldMessages"] = intakeError.Fields.ToDictionary(f => f.Key, f => f.Value.Select(m => new Dictionary<string, string> { ["ja"] = m.Ja, ["en"] = m.En }).ToArray());
            }
        }
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails = problem,
        });
    }

    // A stable type and code, and the message in both languages for a client that shows either.
    private static void Describe(ProblemDetails problem, string code, LocalizedText text)
    {
        problem.Type = "https://reimburse.example/problems/" + code;
        problem.Extensions["code"] = code;
        problem.Extensions["messages"] = new Dictionary<string, string> { ["ja"] = text.Ja, ["en"] = text.En };
    }

    /// <summary>"en" when the caller prefers English (Accept-Language), otherwise Japanese.</summary>
    internal static string PreferredLanguage(HttpContext context) =>
        context.Request.Headers.AcceptLanguage.ToString().TrimStart().StartsWith("en", StringComparison.OrdinalIgnoreCase) ? "en" : "ja";

    /// <summary>A claim that does not exist (or is not the caller's) is a 404; a forbidden command a 403; bad values 422; the rest conflict with the claim's state.</summary>
    internal static int StatusFor(string code) => code switch
    {
        ClaimErrors.NotFound => StatusCodes.Status404NotFound,
        ClaimErrors.Forbidden => StatusCodes.Status403Forbidden,
        ClaimErrors.InvalidInput or ClaimErrors.UnknownDocument => StatusCodes.Status422UnprocessableEntity,
        _ => StatusCodes.Status409Conflict,
    };

    [LoggerMessage(EventId = 1000, Level = LogLevel.Error, Message = "Unhandled {ExceptionType} on {Path}")]
    private static partial void LogUnhandled(ILogger logger, string exceptionType, PathString path, Exception exception);
}

/// <summary>Bad input that the caller can correct; becomes a 400 ProblemDetails with this message.</summary>
public class InputException(string message, string title = "The request is not valid.") : Exception(message)
{
    public string Title { get; } = title;
}

/// <summary>A request that conflicts with the current state; becomes a 409 ProblemDetails.</summary>
public class ConflictException(string message) : Exception(message);

public static class ErrorHandlingExtensions
{
    public static IServiceCollection AddReimburseErrorHandling(this IServiceCollection services)
    {
        services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
        {
            context.ProblemDetails.Extensions["traceId"] = context.HttpContext.TraceIdentifier;
            // Exception details never leave the server, whatever the environment.
            context.ProblemDetails.Extensions.Remove("exception");
        });
        services.AddExceptionHandler<ProblemExceptionHandler>();
        return services;
    }
}
