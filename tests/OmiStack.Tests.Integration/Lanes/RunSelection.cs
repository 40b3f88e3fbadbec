using System.Reflection;
using NUnit.Framework.Interfaces;
using NUnit.Framework.Internal;
using NUnit.Framework.Internal.Execution;

namespace OmiStack.Tests.Integration.Lanes;

/// <summary>The fixtures this run will start: the ones its filter passes, read once from the set-up fixture.</summary>
internal static class RunSelection
{
    /// <summary>
    /// The fixture types the run's filter passes that are runnable (a parameterized fixture once per instance), or
    /// null where that cannot be told: one test at a time (NUnitLite's --workers=0, a debugger's run) or NUnit's
    /// top-level work item not found. NUnit keeps the filter in the parallel dispatcher's top-level work item, a
    /// private field: read by name, and null where that changes.
    /// </summary>
    public static IReadOnlyList<Type>? Fixtures()
    {
        if (TestExecutionContext.CurrentContext.Dispatcher is not ParallelWorkItemDispatcher dispatcher)
        {
            return null;
        }

        var field = typeof(ParallelWorkItemDispatcher).GetField("_topLevelWorkItem", BindingFlags.Instance | BindingFlags.NonPublic);
        if (field?.GetValue(dispatcher) is not WorkItem top)
        {
            return null;
        }

        var selected = new List<Type>();
        Collect(top.Test, top.Filter, selected);
        return selected;
    }

    /// <summary>The parallel dispatcher's workers, or 0 where the run has none.</summary>
    public static int Workers() =>
        TestExecutionContext.CurrentContext.Dispatcher is ParallelWorkItemDispatcher dispatcher ? dispatcher.LevelOfParallelism : 0;

    private static void Collect(ITest test, ITestFilter filter, List<Type> selected)
    {
        if (test is TestFixture && test.TypeInfo?.Type is { } type)
        {
            if (test.RunState == RunState.Runnable && filter.Pass(test))
            {
                selected.Add(type);
            }

            return;
        }

        foreach (var child in test.Tests)
        {
            Collect(child, filter, selected);
        }
    }
}
