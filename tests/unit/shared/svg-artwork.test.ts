import { describe, expect, it } from 'vitest';
import { svgProblem, svgSize } from '../../../shared/svg-artwork';

const svg = (inner: string, attrs = 'viewBox="0 0 400 100"') =>
  `<?xml version="1.0"?>\n<!-- exported -->\n<svg xmlns="http://www.w3.org/2000/svg" ${attrs}>${inner}</svg>`;

describe('SVG artwork as the library takes it', () => {
  it('takes plain drawing, with pictures embedded as data', () => {
    expect(svgProblem(svg('<path d="M0 0h10v10z"/><use href="#a"/>'))).toBeNull();
    expect(svgProblem(svg('<image href="data:image/png;base64,iVBORw0KGgo="/>'))).toBeNull();
    expect(svgProblem(svg('<rect fill="url(#grad)"/>'))).toBeNull();
  });

  it('names what it refuses', () => {
    expect(svgProblem('<html><svg></svg></html>')).toBe('not-svg');
    expect(svgProblem(svg('<script>alert(1)</script>'))).toBe('script');
    expect(svgProblem(svg('<rect onload="x()"/>'))).toBe('script');
    expect(svgProblem(svg('<foreignObject><div/></foreignObject>'))).toBe('script');
    expect(svgProblem(svg('<a href="javascript:x()"><rect/></a>'))).toBe('script');
    expect(svgProblem(svg('<set attributeName="href" to="x"/>'))).toBe('script');
    expect(svgProblem(svg('<image href="https://example.org/a.png"/>'))).toBe('external');
    expect(svgProblem(svg("<image xlink:href='logo.png'/>"))).toBe('external');
    expect(svgProblem(svg('<style>@import "x.css";</style>'))).toBe('external');
    expect(svgProblem(svg('<rect style="fill:url(http://x/y)"/>'))).toBe('external');
    expect(svgProblem(`<!DOCTYPE svg [<!ENTITY x "y">]><svg></svg>`)).toBe('entity');
  });

  it('reads its proportions from viewBox, else width and height', () => {
    expect(svgSize(svg(''))).toEqual({ width: 400, height: 100 });
    expect(svgSize(svg('', 'width="300" height="60.5"'))).toEqual({ width: 300, height: 60.5 });
    expect(svgSize(svg('', 'width="300pt" height="60pt"'))).toEqual({ width: 300, height: 60 });
    expect(svgSize(svg('', 'width="100%" height="100%"'))).toBeNull();
    expect(svgSize(svg('', ''))).toBeNull();
  });
});
