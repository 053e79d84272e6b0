// search_paths.mjs — the doctor searches of make bench, one path a line, a
// fixed mix of what patients do (seed 000, Fig 4.3): a doctor's name as
// typed ("Ana Alm"), a symptom or a specialty word, filters (specialty,
// city, language, minimum rating), and browsing by rating, experience or
// name, some past the first page. Every search asks for a page of 20.
// Deterministic: the same names in give the same paths out.
//   sqlite3 telemed.db "SELECT DISTINCT full_name …" | node bench/search_paths.mjs > paths.txt
import { readFileSync } from 'node:fs';

const names = readFileSync(0, 'utf8').split('\n').filter((n) => n.includes(' '));
const words = ['flu', 'fever', 'rash', 'chest pain', 'anxiety', 'headache', 'back pain', 'cardio', 'dermatology', 'pediatr'];
const filters = ['specialty=cardiology&city=Lisbon', 'specialty=general-practice', 'language=Portuguese',
  'min_rating=4.5', 'city=Berlin&sort=experience', 'specialty=psychiatry&language=English'];
const browse = ['sort=rating', 'sort=experience', 'sort=name', 'sort=rating&cursor=20', 'sort=name&cursor=40'];
const path = (query) => `/api/v1/doctors?limit=20&${query}`;
const q = (text) => `q=${encodeURIComponent(text)}`;

const out = [];
for (let i = 0; i < 2000; i++) {
  const kind = i % 10; // 4 names, 2 words, 2 filters, 2 browsing in every 10
  if (kind < 4) {
    const [first, last] = names[(i * 7919) % names.length].split(' ');
    out.push(path(q(`${first} ${last.slice(0, 3)}`)));
  } else if (kind < 6) {
    out.push(path(q(words[i % words.length])));
  } else if (kind < 8) {
    out.push(path(filters[i % filters.length]));
  } else {
    out.push(path(browse[i % browse.length]));
  }
}
console.log(out.join('\n'));
