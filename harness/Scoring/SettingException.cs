namespace OmiStack.Harness.Scoring;

/// <summary>A run setting (an OMISTACK_* variable or its runsettings parameter) that cannot be used: named with the values it takes.</summary>
public sealed class SettingException(string message) : RunCannotStartException(message);
