namespace RxAtlas.Pipeline;

/// <summary>One line naming what went wrong, including inner causes (a load failure's bad file and line).</summary>
internal static class ErrorText
{
    public static string Describe(Exception exception)
    {
        if (exception is AggregateException { InnerExceptions.Count: 1 } aggregate) exception = aggregate.InnerExceptions[0];
        var text = exception.Message;
        for (var inner = exception.InnerException; inner is not null; inner = inner.InnerException)
        {
            if (!text.Contains(inner.Message, StringComparison.Ordinal)) text += " <- " + inner.Message;
        }

        return text;
    }
}
