"""Compare 1,000 synthetic local/parent pairs and print the time.

    python benchmarks/bench_compare.py [N]
"""
import random
import sys
import time

from pipeline.compare import compare_pair

PARAS = ["各地要把深入学习宣传贯彻党的二十大精神作为首要政治任务，组织开展宣讲活动。",
         "持续开展终身学习数字化转型相关公开课等各类线上线下学习活动，整合数字化学习资源。",
         "持续开展智慧助老等活动助力老年人学习，帮助老年人跨越数字鸿沟。",
         "持续引导并助力全民阅读学习，开展好书推荐、好书诵读、书友会等活动。",
         "推动开放各类学习教育资源服务城乡社区居民学习，提高图书馆、博物馆的开放水平。",
         "各地要积极邀请新闻媒体进行宣传报道，发挥新媒体作用。",
         "严格执行属地疫情防控有关规定，确保安全、节俭、高效。",
         "请于12月25日前将活动周工作总结报送我厅。"]
TOPICS = ["party_congress_study", "digital_learning", "smart_elderly", "reading", "open_resources", "publicity"]


def rec(i, rnd, parent=None):
    if parent is None:
        paras = PARAS[:]
    else:
        paras = [p.replace("各地", "各区") if rnd.random() < 0.5 else p for p in parent["_paras"] if rnd.random() < 0.8]
        paras.insert(rnd.randrange(len(paras) + 1), f"本区第{i}项特色活动由区社区学院组织，面向居民开展。")
    text = "\n".join(f"（{k + 1}）{p}" for k, p in enumerate(paras)) * 3
    return {"id": f"r{i}", "doc_number": None, "title": f"关于举办第{i}届活动周的通知", "level": "county",
            "themes": ["学习贯彻二十大，终身学习向未来" if rnd.random() < 0.5 else "全民学习再出发"],
            "topics": rnd.sample(TOPICS, 4), "requirements": ["summary_report"], "evidence": {},
            "events": [{"start": "2022-11-20", "end": "2022-11-26"}], "completeness": {"complete": True, "reasons": []},
            "deadlines": [{"date": "2022-12-25", "kind": "submission"}], "text": text, "_paras": paras}


def main() -> int:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    rnd = random.Random(7)
    pairs = []
    for i in range(n):
        p = rec(10_000 + i, rnd)
        pairs.append((rec(i, rnd, p), p))
    t = time.perf_counter()
    shares = [compare_pair(l, p, {"relation": "cited"})["text_reuse"]["local_share"] for l, p in pairs]
    dt = time.perf_counter() - t
    print(f"{n} pairs compared in {dt:.2f} s ({n / dt:,.0f} pairs/s); mean local share {sum(shares) / n:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
