const core = await import('@school-policy/core');
const gen = await import('@school-policy/generator');
const { project } = core.loadProject('/tmp/s200w', { schools: ['bellevue-place-school-0001'] }, { cache: '/tmp/xdgtest/school-policy/documents' });
const filled = gen.fillPolicy(core.resolvePolicy(project, 'bellevue-place-school-0001', 'social-media'));
for (let i = 0; i < 5; i++) { await gen.renderDocx(filled); await gen.renderPdf(filled); }
const t = performance.now(); for (let i = 0; i < 10; i++) await gen.renderDocx(filled); console.log('docx', ((performance.now() - t) / 10).toFixed(1));
const u = performance.now(); for (let i = 0; i < 10; i++) await gen.renderPdf(filled); console.log('pdf', ((performance.now() - u) / 10).toFixed(1));
if (process.env.PROF) { for (let i = 0; i < 40; i++) await gen.renderPdf(filled); }
