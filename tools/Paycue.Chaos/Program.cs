using Paycue.Chaos;

// Two programs in one binary: the drill (default) and the webhook receiver it starts as a separate process, so a
// receiver outage is a real process answering 500 or hanging, not a switch inside the driver.
if (args.Length > 0 && args[0] == "receiver")
{
    return await Receiver.RunAsync(args[1..]);
}

// "plan SEED": the first fault kinds a seed injects (to choose test.sh's fixed seed).
if (args.Length > 1 && args[0] == "plan")
{
    Console.WriteLine(string.Join(" ", Faults.Order(int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture)).Take(8)));
    return 0;
}

var settings = ChaosSettings.FromEnvironment();
await using var drill = new Drill(settings);
return await drill.RunAsync();
