using Microsoft.Playwright;

// Not Paycue.Gateway.Tests.Console: it would shadow System.Console in every test file.
namespace Paycue.Gateway.Tests.MerchantConsole;

/// <summary>What a screen reader and a keyboard need from every console page, checked in the page the browser built.</summary>
public static class ConsolePageChecks
{
    /// <summary>
    /// Every form control has a label with words (or an aria name), every link and button has a name, one banner, one
    /// main and named navigation landmarks, one h1 and no skipped heading level, table headers with a scope, unique
    /// ids, a page language and a skip link that leads to an element of the page. The problems found, none when fine.
    /// </summary>
    private const string Script = """
        () => {
          const problems = [];
          const cut = e => e.outerHTML.slice(0, 120);
          for (const e of document.querySelectorAll('input, select, textarea')) {
            if (e.type === 'hidden') continue;
            const labelled = [...(e.labels || [])].some(l => l.textContent.trim().length > 0)
              || (e.getAttribute('aria-label') || '').trim().length > 0 || e.hasAttribute('aria-labelledby');
            if (!labelled) problems.push('control without a label: ' + cut(e));
          }
          for (const e of document.querySelectorAll('a[href], button')) {
            if (!(e.textContent.trim() || (e.getAttribute('aria-label') || '').trim())) problems.push('link or button without a name: ' + cut(e));
          }
          const count = selector => document.querySelectorAll(selector).length;
          if (count('main') !== 1) problems.push('main landmarks: ' + count('main'));
          if (count('body > header') !== 1) problems.push('banner landmarks: ' + count('body > header'));
          if (count('h1') !== 1) problems.push('h1 headings: ' + count('h1'));
          for (const n of document.querySelectorAll('nav')) {
            if (!(n.getAttribute('aria-label') || '').trim()) problems.push('navigation without a name: ' + cut(n));
          }
          let level = 0;
          for (const h of document.querySelectorAll('h1, h2, h3, h4, h5, h6')) {
            const next = Number(h.tagName[1]);
            if (next > level + 1) problems.push('heading level skipped before: ' + cut(h));
            level = next;
          }
          for (const th of document.querySelectorAll('th')) {
            if (!th.hasAttribute('scope')) problems.push('table header without scope: ' + cut(th));
          }
          const ids = [...document.querySelectorAll('[id]')].map(e => e.id);
          for (const id of new Set(ids.filter((id, i) => ids.indexOf(id) !== i))) problems.push('duplicate id: ' + id);
          if (!document.documentElement.lang) problems.push('no page language');
          const skip = document.querySelector('a.skip[href^="#"]');
          if (!skip || !document.getElementById(skip.getAttribute('href').slice(1))) problems.push('no skip link to an element of the page');
          return problems;
        }
        """;

    /// <summary>Fails the test with every problem <see cref="Script"/> finds on the page, and checks the landmarks by role as assistive technology sees them.</summary>
    public static async Task AssertAccessibleAsync(IPage page)
    {
        var problems = await page.EvaluateAsync<string[]>(Script);
        Assert.True(problems.Length == 0, $"{page.Url}:\n{string.Join('\n', problems)}");
        Assert.Equal(1, await page.GetByRole(AriaRole.Main).CountAsync());
        Assert.Equal(1, await page.GetByRole(AriaRole.Banner).CountAsync());
        Assert.InRange(await page.GetByRole(AriaRole.Navigation).CountAsync(), 1, 2);
    }

    /// <summary>
    /// On a phone, every table cell shown gets the row's width (a list's row shows as "column: value" lines; an empty
    /// cell is left out), so no word is squeezed into a column a few letters wide.
    /// </summary>
    public static async Task AssertCellsReadableAsync(IPage page)
    {
        var narrow = await page.EvaluateAsync<string[]>("""
            () => [...document.querySelectorAll('td')].filter(td => td.getClientRects().length > 0 && td.getBoundingClientRect().width < 200)
              .map(td => Math.round(td.getBoundingClientRect().width) + ' px: ' + td.outerHTML.slice(0, 80))
            """);
        Assert.True(narrow.Length == 0, $"{page.Url}: cells too narrow to read:\n{string.Join('\n', narrow)}");
    }

    /// <summary>The page is no wider than its viewport: nothing scrolls sideways.</summary>
    public static async Task AssertNoHorizontalScrollAsync(IPage page)
    {
        var (scroll, viewport) = (await page.EvaluateAsync<int>("() => document.scrollingElement.scrollWidth"), page.ViewportSize!.Width);
        Assert.True(scroll <= viewport, $"{page.Url} is {scroll} px wide in a {viewport} px viewport");
    }
}
