global using Orleans;
global using Orleans.Concurrency;
global using Paycue.Grains.Interfaces;
