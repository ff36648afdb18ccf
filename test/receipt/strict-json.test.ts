import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { repeatedMember } from '../../src/receipt/strict-json.js';

describe('repeatedMember', () => {
  it('finds no repeat in what JSON.stringify writes, pretty or not', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(repeatedMember(JSON.stringify(value))).toBeNull();
        expect(repeatedMember(JSON.stringify(value, null, 2))).toBeNull();
      }),
    );
  });

  it('tells names from values and strings that hold JSON punctuation', () => {
    expect(repeatedMember('{"a":"a","b":["a",{"a":1}],"c":{"a":{"a":2}}}')).toBeNull();
    expect(repeatedMember('{"a":"x,\\"a\\":{","b":"}","c":"\\\\"}')).toBeNull();
    expect(repeatedMember('[{"a":1},{"a":1}]')).toBeNull();
  });

  it('finds a repeat at any depth, after unescaping', () => {
    expect(repeatedMember('{"a":1,"b":2,"a":3}')).toBe('a');
    expect(repeatedMember('{"x":[1,{"k":{},"k":[]}]}')).toBe('k');
    expect(repeatedMember('{"\\u0063":1, "c" :2}')).toBe('c');
    expect(repeatedMember('{"__proto__":1,"__proto__":2}')).toBe('__proto__');
  });
});
