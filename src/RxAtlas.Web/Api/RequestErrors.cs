using Microsoft.AspNetCore.Http.HttpResults;

namespace RxAtlas.Web.Api;

/// <summary>Collects what is wrong with a request's parameters; answered as a 400 ProblemDetails (RFC 9457) with an
/// <c>errors</c> map from parameter name to messages.</summary>
internal sealed class RequestErrors
{
    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    public bool Any => _errors.Count > 0;

    public void Add(string parameter, string message)
    {
        if (!_errors.TryGetValue(parameter, out var list)) _errors[parameter] = list = [];
        list.Add(message);
    }

    public ValidationProblem Problem() => TypedResults.ValidationProblem(
        _errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal),
        title: "One or more request parameters are invalid.");
}
