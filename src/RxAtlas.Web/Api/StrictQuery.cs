using System.Reflection;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace RxAtlas.Web.Api;

/// <summary>Refuses query parameters an endpoint does not take, and parameters given more than once, with a 400 naming them.
/// Without this, a misspelt parameter (<c>per1000=1</c> for <c>per_1000=1</c>, <c>practice=</c> on the map) was silently
/// ignored and answered a different question, and a repeated one was joined with commas into a value nobody sent.</summary>
internal static class StrictQuery
{
    /// <summary>An endpoint filter factory: the parameters a handler takes are its string parameters (by their
    /// <see cref="FromQueryAttribute"/> name when they have one), read once from the handler's signature.</summary>
    public static EndpointFilterDelegate Create(EndpointFilterFactoryContext context, EndpointFilterDelegate next)
    {
        var taken = context.MethodInfo.GetParameters()
            .Where(p => p.ParameterType == typeof(string))
            .Select(p => p.GetCustomAttribute<FromQueryAttribute>()?.Name ?? p.Name!)
            .ToHashSet(StringComparer.OrdinalIgnoreCase); // binding ignores case too
        var list = taken.Count == 0 ? "none" : string.Join(", ", taken.Order(StringComparer.Ordinal));
        return async invocation =>
        {
            var errors = new RequestErrors();
            foreach (var (name, values) in invocation.HttpContext.Request.Query)
            {
                if (!taken.Contains(name))
                    errors.Add(name, $"Unknown parameter '{Parameters.Shorten(name)}'; this endpoint takes: {list}.");
                else if (values.Count > 1)
                    errors.Add(name, $"Given {values.Count} times; give it once{(string.Equals(name, "bnf", StringComparison.OrdinalIgnoreCase) ? " (several codes go comma-separated: bnf=04,0212)" : "")}.");
            }
            return errors.Any ? errors.Problem() : await next(invocation);
        };
    }
}
