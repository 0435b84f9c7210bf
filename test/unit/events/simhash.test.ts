import { describe, expect, it } from 'vitest';
import { hamming64, simhash64, simhashBands, simhashFeatures, SIMHASH_MAX_DISTANCE } from '../../../src/events/simhash.js';
import { QWEN35_BODY, QWEN3_BODY, QWEN3_FOLLOWUP_BODY, QWEN3_REPRINT_BODY } from './stories.js';

describe('simhash64', () => {
  it('puts a reprint with a dateline and credit line within the duplicate distance', () => {
    const a = simhash64(QWEN3_BODY)!;
    const b = simhash64(QWEN3_REPRINT_BODY)!;
    expect(hamming64(a, b)).toBeLessThanOrEqual(SIMHASH_MAX_DISTANCE);
  });

  it('keeps different stories about the same launch far apart', () => {
    const a = simhash64(QWEN3_BODY)!;
    expect(hamming64(a, simhash64(QWEN3_FOLLOWUP_BODY)!)).toBeGreaterThan(10);
    expect(hamming64(a, simhash64(QWEN35_BODY)!)).toBeGreaterThan(10);
  });

  it('is case and width insensitive and deterministic', () => {
    expect(simhash64(QWEN3_BODY)).toBe(simhash64(QWEN3_BODY.toUpperCase()));
    expect(simhash64('ＡＢＣ def ghi jkl mno pqr stu vwx yz1 234')).toBe(simhash64('abc def ghi jkl mno pqr stu vwx yz1 234'));
  });

  it('returns null for text too short to fingerprint', () => {
    expect(simhash64('Qwen3 is out')).toBeNull();
    expect(simhash64('')).toBeNull();
  });

  it('uses character bigrams for Chinese', () => {
    expect(simhashFeatures('阿里发布通义')).toEqual(['阿里', '里发', '发布', '布通', '通义']);
    expect(simhashFeatures('Qwen3 发布 of the model')).toEqual(['qwen3', '发布', 'of the model']);
    const zh =
      '阿里巴巴周一发布了通义千问3模型系列，但发布过程并不顺利，开发者表示接口被限流数小时。' +
      '公司表示，新模型在编程和数学基准测试中表现优于此前版本，并以开放权重的方式提供给开发者使用。' +
      '阿里云称正在新加坡和杭州地区扩充算力，预计本周末前服务将恢复正常。分析人士认为，此次发布将给国内竞争对手带来更大压力。';
    const zhCopy = `（新华社）${zh}`;
    expect(hamming64(simhash64(zh)!, simhash64(zhCopy)!)).toBeLessThanOrEqual(SIMHASH_MAX_DISTANCE);
  });

  it('returns signed 64-bit values and four 16-bit bands matching the SQL expressions', () => {
    const h = -0x0123456789abcdefn;
    const u = BigInt.asUintN(64, h);
    expect(simhashBands(h)).toEqual([Number(u >> 48n), Number((u >> 32n) & 0xffffn), Number((u >> 16n) & 0xffffn), Number(u & 0xffffn)]);
    const s = simhash64(QWEN3_BODY)!;
    expect(s).toBeGreaterThanOrEqual(-(2n ** 63n));
    expect(s).toBeLessThan(2n ** 63n);
  });

  it('two fingerprints within distance 3 share a band (pigeonhole)', () => {
    const base = simhash64(QWEN3_BODY)!;
    for (const bits of [[0, 17, 40], [15, 31, 63], [1, 2, 3]]) {
      let x = BigInt.asUintN(64, base);
      for (const b of bits) x ^= 1n << BigInt(b);
      const other = BigInt.asIntN(64, x);
      expect(hamming64(base, other)).toBe(3);
      const shared = simhashBands(base).filter((v, i) => simhashBands(other)[i] === v);
      expect(shared.length).toBeGreaterThan(0);
    }
  });
});
