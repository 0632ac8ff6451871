global using Orleans;
global using Paycue.Grains;
global using Paycue.Grains.Interfaces;
