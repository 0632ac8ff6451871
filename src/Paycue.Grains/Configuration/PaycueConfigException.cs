namespace Paycue.Grains.Configuration;

/// <summary>A configuration value is unusable; the message names the key and says what to write instead.</summary>
public sealed class PaycueConfigException(string message) : Exception(message)
{
    /// <summary>
    /// The configuration error inside an exception from host start-up, if that is what it is: a check that needs the
    /// cluster (start-up cards) throws inside Orleans, which wraps it.
    /// </summary>
    public static PaycueConfigException? Find(Exception? e)
    {
        for (; e is not null; e = e.InnerException)
        {
            if (e is PaycueConfigException config)
            {
                return config;
            }

            if (e is AggregateException aggregate && aggregate.InnerExceptions.Select(Find).FirstOrDefault(c => c is not null) is { } inner)
            {
                return inner;
            }
        }

        return null;
    }
}
