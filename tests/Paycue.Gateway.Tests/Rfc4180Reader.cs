using System.Text;

namespace Paycue.Gateway.Tests;

/// <summary>
/// A strict RFC 4180 reader for the export tests, written apart from the product's writer so it checks it: fields split
/// on commas, records on CRLF, quoted fields may hold commas, CRLF and doubled quotes; anything else is an error.
/// </summary>
public static class Rfc4180Reader
{
    public static List<string[]> Read(string text)
    {
        var records = new List<string[]>();
        var fields = new List<string>();
        var field = new StringBuilder();
        var i = 0;
        while (i < text.Length)
        {
            if (text[i] == '"')
            {
                Assert.True(field.Length == 0, $"a quote inside an unquoted field at {i}");
                i++;
                while (true)
                {
                    Assert.True(i < text.Length, "an unterminated quoted field");
                    if (text[i] == '"')
                    {
                        if (i + 1 < text.Length && text[i + 1] == '"')
                        {
                            field.Append('"');
                            i += 2;
                            continue;
                        }

                        i++;
                        break;
                    }

                    field.Append(text[i++]);
                }

                Assert.True(i == text.Length || text[i] == ',' || text[i] == '\r', $"text after a closing quote at {i}");
                continue;
            }

            switch (text[i])
            {
                case ',':
                    fields.Add(field.ToString());
                    field.Clear();
                    i++;
                    break;
                case '\r':
                    Assert.True(i + 1 < text.Length && text[i + 1] == '\n', $"a CR without LF at {i}");
                    fields.Add(field.ToString());
                    field.Clear();
                    records.Add([.. fields]);
                    fields.Clear();
                    i += 2;
                    break;
                case '\n':
                    Assert.Fail($"a bare LF at {i}: records end with CRLF");
                    break;
                default:
                    field.Append(text[i++]);
                    break;
            }
        }

        Assert.True(fields.Count == 0 && field.Length == 0, "the last record does not end with CRLF");
        return records;
    }
}
