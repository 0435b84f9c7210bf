// Traditional -> Simplified Chinese, one character for one character (so offsets are unchanged):
// the characters that the lexicon's names, friction terms and cues use, so that Hong Kong and
// Taiwan coverage ("字節跳動", "推遲", "否認") matches the simplified lexicon.
const TRAD = '發佈遲認騰訊雲華為與開關線機當潰監調無沒並據報導傳聞應體問題錯誤視頻圖語義夢靈書學術產這進計劃畫暫滾隊擁擠斷務從來將會對說話時間後過還個們國際爭議質評滿數絡網電腦軟亞馬遜蘋臉輝達偉訓練長門麼嗎讓優勢經濟價貴費運營處罰規違權訴訟洩擊險隱復飛湧順穩準約預覺測試驗號難壓緊張擴碼頁戶註冊帳閉縮減額賬聯邊區層級標設備車輛統獲讀寫專業證歐審執責負輿論虧損輸贏戰勝敗變動態響聲稱兩億萬參內場銷談節灣餘範遠條氣極簡單確實現點離舉隨緩麵鬥獨團頭齊龍龐鐘類顯驅屬歷蘇鄭員師積雙觀親輕邏輯選擇習慣搶購賣買奪創織綫覽廣韓漢陸黨鏈輪臺擬識譯詞讚獎鬧亂嚴厲衝緣紀錄載綜藝聽繫囉灑貼幣銀賽況寬帶縣鎮幾儲驚嘆憂慮擔羅蘭紐頓倫瑪麗塊鏡齒麥傑潔檢壞癱瘓啟陣濾謠闢廠彈凍結驟鎖補償';
const SIMP = '发布迟认腾讯云华为与开关线机当溃监调无没并据报导传闻应体问题错误视频图语义梦灵书学术产这进计划画暂滚队拥挤断务从来将会对说话时间后过还个们国际争议质评满数络网电脑软亚马逊苹脸辉达伟训练长门么吗让优势经济价贵费运营处罚规违权诉讼泄击险隐复飞涌顺稳准约预觉测试验号难压紧张扩码页户注册帐闭缩减额账联边区层级标设备车辆统获读写专业证欧审执责负舆论亏损输赢战胜败变动态响声称两亿万参内场销谈节湾余范远条气极简单确实现点离举随缓面斗独团头齐龙庞钟类显驱属历苏郑员师积双观亲轻逻辑选择习惯抢购卖买夺创织线览广韩汉陆党链轮台拟识译词赞奖闹乱严厉冲缘纪录载综艺听系啰洒贴币银赛况宽带县镇几储惊叹忧虑担罗兰纽顿伦玛丽块镜齿麦杰洁检坏瘫痪启阵滤谣辟厂弹冻结骤锁补偿';

const MAP = new Map<string, string>();
for (let i = 0; i < TRAD.length; i++) MAP.set(TRAD[i]!, SIMP[i]!);

/** Characters that have a simplified form here. */
export const HAS_TRADITIONAL = new RegExp(`[${TRAD}]`);
const ALL_TRADITIONAL = new RegExp(`[${TRAD}]`, 'g');

/** Replaces Traditional characters by their Simplified forms (same length). */
export function toSimplified(s: string): string {
  return s.replace(ALL_TRADITIONAL, (c) => MAP.get(c) ?? c);
}
