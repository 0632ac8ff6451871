namespace Paycue.Grains.Configuration;

/// <summary>A configuration value is unusable; the message names the key and says what to write instead.</summary>
public sealed class PaycueConfigException(string message) : Exception(message);
