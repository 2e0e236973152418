using System.Data.Common;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace RxAtlas.Web.Api;

/// <summary>Answers a request that failed because the warehouse could not be reached for a moment (a transient database
/// error: the server restarting, out of connection slots, a dropped connection) with 503 and <c>Retry-After</c>, as
/// <c>/healthz</c> does, rather than 500: the request was fine and will work again. Other failures stay 500.</summary>
internal sealed class WarehouseUnavailableHandler(IProblemDetailsService problems) : IExceptionHandler
{
    /// <summary>Seconds a client is asked to wait before trying again.</summary>
    public const int RetryAfterSeconds = 5;

    /// <summary>True for the failures answered 503: a transient database error.</summary>
    public static bool IsUnavailable(Exception exception) => exception is DbException { IsTransient: true };

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (!IsUnavailable(exception)) return false;
        httpContext.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        httpContext.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails = new ProblemDetails
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Title = "The warehouse is not answering for the moment; try again shortly.",
            },
        });
    }
}
