#!/usr/bin/env python3
"""Blind reading lists for event purity (docs/evaluation.md, "One event, one happening").

random SEED N OUT NAME=PREFIX... -- STORY...
    For each setting NAME (exports PREFIX_STORY.json) and story, draws N day events with
    two mentions or more and one mention of each other than the title's sentence; writes
    the items of every setting shuffled into one list with the setting hidden
    (OUT_read.txt) and the key (OUT_key.json). An item two settings draw is read once.
undone SEED N A_PREFIX B_PREFIX STORY...
    Mentions that share an event with its title's sentence in A and not in B (the joins
    B undoes), N of them drawn at random, printed for reading.
score KEY JUDGMENTS...
    Purity per setting and story from lines "#n: Y|N|U" (U is left out).
"""
import collections
import json
import random
import re
import sys


def title_head(event):
    return event['title'].rstrip('…').strip()[:40]


def multi_day_events(bundle):
    return [e for e in bundle['events'] if len(e['date']) == 10 and len(e['mentions']) >= 2]


def draw(seed, n, out, settings, stories):
    items, seen = [], {}
    for name, prefix in settings:
        for story in stories:
            bundle = json.load(open(f'{prefix}_{story}.json'))
            articles = {a['id']: a for a in bundle['articles']}
            events = multi_day_events(bundle)
            rng = random.Random(seed)
            for e in rng.sample(events, min(n, len(events))):
                head = title_head(e)
                others = [m for m in e['mentions'] if head not in m['text']] or e['mentions'][1:]
                m = rng.choice(others)
                key = (e['title'], m['text'])
                if key in seen:
                    seen[key]['settings'].append(name)
                    continue
                a = articles[m['article']]
                seen[key] = item = {'settings': [name], 'story': story, 'date': e['date'],
                                    'title': e['title'], 'sentence': m['text'],
                                    'date_text': m.get('date_text'),
                                    'publisher': a.get('publisher'), 'published': a.get('published')}
                items.append(item)
    random.Random(seed + 1).shuffle(items)
    with open(out + '_read.txt', 'w') as f:
        for k, it in enumerate(items):
            it['n'] = k
            f.write(f"#{k} | event date {it['date']}\nTITLE: {it['title']}\n"
                    f"MENTION ({it['publisher']}, published {it['published']}, date phrase "
                    f"\"{it['date_text']}\"): {it['sentence']}\n\n")
    json.dump(items, open(out + '_key.json', 'w'), indent=1)
    print(len(items), 'items')


def undone(seed, n, a_prefix, b_prefix, stories):
    pool, joined = [], 0
    for story in stories:
        a = json.load(open(f'{a_prefix}_{story}.json'))
        b = json.load(open(f'{b_prefix}_{story}.json'))
        where = {(m['article'], m['sentence'], m['date_start']): e['id']
                 for e in b['events'] for m in e['mentions']}
        at = lambda m: where.get((m['article'], m['sentence'], m['date_start']))
        for e in multi_day_events(a):
            head = title_head(e)
            titled = [m for m in e['mentions'] if head in m['text']]
            if not titled:
                continue
            for m in e['mentions']:
                if head in m['text']:
                    continue
                joined += 1
                if at(m) != at(titled[0]):
                    pool.append((story, e['date'], e['title'], m['text']))
    print(f'undone: {len(pool)} of {joined} non-title mentions of A', file=sys.stderr)
    random.Random(seed).shuffle(pool)
    for k, (story, date, title, text) in enumerate(pool[:n]):
        print(f'#{k} [{story} {date}]\nTITLE: {title}\nMENTION: {text}\n')


def score(key_file, judgment_files):
    judged = {}
    for f in judgment_files:
        for line in open(f):
            m = re.match(r'\s*#?(\d+)\s*[:|]\s*([YNU])', line)
            if m:
                judged[int(m.group(1))] = m.group(2)
    total, same = collections.Counter(), collections.Counter()
    for it in json.load(open(key_file)):
        v = judged.get(it['n'])
        if v in ('Y', 'N'):
            for s in it['settings']:
                for group in (s, f"{s}/{it['story']}"):
                    total[group] += 1
                    same[group] += v == 'Y'
    for group in sorted(total):
        print(f'{group:24s} {same[group]}/{total[group]} = {same[group] / total[group]:.3f}')


if __name__ == '__main__':
    cmd, args = sys.argv[1], sys.argv[2:]
    if cmd == 'random':
        cut = args.index('--')
        draw(int(args[0]), int(args[1]), args[2], [a.split('=', 1) for a in args[3:cut]], args[cut + 1:])
    elif cmd == 'undone':
        undone(int(args[0]), int(args[1]), args[2], args[3], args[4:])
    elif cmd == 'score':
        score(args[0], args[1:])
    else:
        sys.exit(__doc__)
