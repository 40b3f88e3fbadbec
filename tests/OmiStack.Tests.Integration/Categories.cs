namespace OmiStack.Tests.Integration;

/// <summary>Needs a Docker engine and builds real labs.</summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method)]
public sealed class LabAttribute : CategoryAttribute
{
    public LabAttribute()
        : base("Lab")
    {
    }
}
