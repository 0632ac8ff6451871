using Paycue.Chaos;

// Two programs in one binary: the drill (default) and the webhook receiver it starts as a separate process, so a
// receiver outage is a real process answering 500 or hanging, not a switch inside the driver.
if (args.Length > 0 && args[0] == "receiver")
{
    return await Receiver.RunAsync(args[1..]);
}

var settings = ChaosSettings.FromEnvironment();
await using var drill = new Drill(settings);
return await drill.RunAsync();
