using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using RxAtlas.Web.Api;

namespace RxAtlas.Web.Hosting;

/// <summary>The server log: one access-log line per request (category <see cref="AccessLogCategory"/>, Information; off with
/// configuration <c>Web:AccessLog=false</c>) and one line per failed request with its cause (<see cref="FailureLog"/>).</summary>
public static class RequestLogging
{
    /// <summary>The configuration key that turns the access log off (<c>false</c>); on by default.</summary>
    public const string AccessLogKey = "Web:AccessLog";

    /// <summary>The access log's logger category (its level can also be set: <c>Logging:LogLevel:RxAtlas.Web.AccessLog</c>).</summary>
    public const string AccessLogCategory = "RxAtlas.Web.AccessLog";

    /// <summary>Registers <see cref="FailureLog"/> ahead of the handlers that answer, and stops ASP.NET Core's own
    /// "unhandled exception" entry (which a handled 503 does not get) so each failure is logged once, the same way.</summary>
    internal static void AddFailureLog(this IServiceCollection services)
    {
        services.AddExceptionHandler<FailureLog>();
        services.Configure<ExceptionHandlerOptions>(options => options.SuppressDiagnosticsCallback = _ => true);
    }

    /// <summary>Logs every request once it has been answered: method, path and query, status and duration in milliseconds.
    /// First in the pipeline, so it sees what the client asked for (before a HEAD runs as a GET or <c>/</c> becomes
    /// <c>/index.html</c>).</summary>
    internal static void UseAccessLog(this WebApplication app)
    {
        if (!app.Configuration.GetValue(AccessLogKey, defaultValue: true)) return;
        var log = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(AccessLogCategory);
        app.Use(async (context, next) =>
        {
            var started = Stopwatch.GetTimestamp();
            var method = context.Request.Method;
            var target = context.Request.PathBase + context.Request.Path + context.Request.QueryString;
            try
            {
                await next(context);
            }
            finally
            {
                var milliseconds = Stopwatch.GetElapsedTime(started).TotalMilliseconds.ToString("0.0", CultureInfo.InvariantCulture);
                log.LogInformation("{Method} {Target} {Status} {Milliseconds} ms", method, target, context.Response.StatusCode, milliseconds);
            }
        });
    }
}

/// <summary>Logs each request that failed with an exception, with the request and the cause (the exception's type and
/// message, and its inner ones'; never a connection string): a warning for a 503 (<see cref="WarehouseUnavailableHandler"/>:
/// the warehouse is not answering), an error with the stack trace for a 500. Answers nothing itself.</summary>
internal sealed partial class FailureLog(ILogger<FailureLog> log) : IExceptionHandler
{
    public ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var request = $"{httpContext.Request.Method} {httpContext.Request.Path}{httpContext.Request.QueryString}";
        if (WarehouseUnavailableHandler.IsUnavailable(exception))
            log.LogWarning("{Request} answered 503: the warehouse is not answering: {Cause}", request, Cause(exception));
        else
            log.LogError(exception, "{Request} answered 500: {Cause}", request, Cause(exception));
        return ValueTask.FromResult(false);
    }

    /// <summary>"Type: message" for the exception and each inner one, with anything that looks like a password (a
    /// connection string's <c>Password=</c>, a URL's <c>user:password@</c>) masked.</summary>
    internal static string Cause(Exception exception)
    {
        var parts = new List<string>();
        for (var e = exception; e is not null; e = e.InnerException) parts.Add($"{e.GetType().Name}: {e.Message}");
        return Secrets().Replace(string.Join(" <- ", parts), match => match.Groups["keep"].Value + "***");
    }

    [GeneratedRegex(@"(?<keep>(?:password|pwd)\s*=\s*)[^;\s]*|(?<keep>://[^:/@\s]+:)[^@\s]+(?=@)", RegexOptions.IgnoreCase)]
    private static partial Regex Secrets();
}
