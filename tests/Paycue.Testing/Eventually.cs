namespace Paycue.Testing;

public static class Eventually
{
    /// <summary>Polls until <paramref name="probe"/> returns a value satisfying <paramref name="done"/>; fails with the last value after <paramref name="timeout"/>.</summary>
    public static async Task<T> WaitAsync<T>(Func<Task<T>> probe, Func<T, bool> done, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var value = await probe();
            if (done(value))
            {
                return value;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{what} did not happen within {timeout}; last value: {value}");
            }

            await Task.Delay(25);
        }
    }
}
