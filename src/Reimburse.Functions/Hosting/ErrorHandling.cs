using Azure;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

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
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails = new ProblemDetails { Status = status, Title = title, Detail = detail },
        });
    }

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
