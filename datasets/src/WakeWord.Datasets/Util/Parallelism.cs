using System.Runtime.ExceptionServices;

namespace WakeWord.Datasets.Util;

/// <summary>Parallel loops that rethrow the first worker exception itself (a WakeWordException stays one).</summary>
public static class Parallelism
{
    public static void ForEach<T>(IEnumerable<T> items, int jobs, Action<T> body)
    {
        try
        {
            Parallel.ForEach(items, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, jobs) }, body);
        }
        catch (AggregateException e) when (e.InnerExceptions.Count > 0)
        {
            ExceptionDispatchInfo.Capture(e.InnerExceptions[0]).Throw();
            throw;
        }
    }
}
