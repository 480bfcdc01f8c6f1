import { expect, test } from '@playwright/test';
import { html, trustedConstant } from './html';

test('every interpolated value is escaped, fragments made by the tag are not', () => {
  const hostile = `"><script>alert('x')</script>&\``;
  const inner = html`<b>${hostile}</b>`;
  expect(inner.toString()).toBe('<b>&quot;&gt;&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;&#96;</b>');
  expect(html`<p title="${hostile}">${[inner, 1, null, undefined, false, 'a<b']}</p>`.toString()).toBe(
    `<p title="&quot;&gt;&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;&#96;">${inner.toString()}1a&lt;b</p>`,
  );
  expect(trustedConstant('a>b').toString()).toBe('a>b');
});

test('a value in an unquoted attribute is refused (escaping cannot protect it)', () => {
  const value = 'x onerror=alert(1)';
  expect(() => html`<img src=${value}>`).toThrow('unquoted attribute');
  expect(html`<img src="${value}">`.toString()).toBe('<img src="x onerror=alert(1)">');
});
