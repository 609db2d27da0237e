// Offline checks of the deployment files, called by scripts/check-deployment (read that first).
//
//   node deploy-checks.mjs schema FILE...                          every document against the Kubernetes schemas
//   node deploy-checks.mjs xref --profile dev|prod --templates DIR FILE
//                                                                  cross-references inside one rendered overlay
//   node deploy-checks.mjs templates DIR                           the Secret templates: valid, and without values
//   node deploy-checks.mjs compose --nginx FILE [--native] CONFIG  the output of `docker-compose config`
//   node deploy-checks.mjs dockerfiles ROOT                        each service's Dockerfiles and .dockerignore
//   node deploy-checks.mjs selftest --dev FILE --prod FILE --templates DIR --compose CONFIG --nginx FILE --root ROOT
//                                                                  negative tests: broken copies must fail each check
//   node deploy-checks.mjs mutate-compose NAME IN OUT              a broken compose file for the docker-compose negatives
//
// The npm packages (kubernetes-models, yaml) come from DEPLOY_CHECKS_MODULES (a node_modules folder
// installed from this folder's package-lock.json). Exit status 0 only when every check passed.

import { createRequire } from 'node:module';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const MODULES = process.env.DEPLOY_CHECKS_MODULES;
if (!MODULES || !existsSync(join(MODULES, 'kubernetes-models')) || !existsSync(join(MODULES, 'yaml'))) {
  console.error(`deploy-checks: DEPLOY_CHECKS_MODULES must name a node_modules folder with kubernetes-models and yaml (got ${MODULES})`);
  process.exit(2);
}
const YAML = createRequire(join(MODULES, 'yaml', 'package.json'))('yaml');

// ---------------------------------------------------------------------------------------------------------
// What the suite is (DESIGN.md): services, ports, the settings each one needs.

const NAMESPACE = 'insight';
const SERVICES = {
  gateway: { port: 8080, env: ['DB_URL', 'DB_USER', 'DB_PASSWORD', 'REDIS_URL', 'JWT_PRIVATE_KEY', 'JWT_PUBLIC_KEY', 'CHAT_URL', 'MEMORY_URL', 'FILES_URL'] },
  'chat-service': { port: 8081, env: ['REDIS_URL', 'JWT_PUBLIC_KEY', 'MEMORY_URL', 'FILES_URL', 'AI_PROVIDER'] },
  'memory-service': { port: 8082, env: ['DB_URL', 'DB_USER', 'DB_PASSWORD', 'REDIS_URL', 'JWT_PUBLIC_KEY'] },
  'file-service': { port: 8083, env: ['DB_URL', 'DB_USER', 'DB_PASSWORD', 'REDIS_URL', 'JWT_PUBLIC_KEY', 'S3_ENDPOINT', 'S3_BUCKET', 'S3_ACCESS_KEY', 'S3_SECRET_KEY', 'S3_REGION'] },
};
const SERVICE_NAMES = Object.keys(SERVICES);
// Environment names a service container may get: DESIGN.md's, plus the Quarkus/run-java ones.
const DESIGN_ENV = new Set(['DB_URL', 'DB_USER', 'DB_PASSWORD', 'REDIS_URL', 'S3_ENDPOINT', 'S3_BUCKET', 'S3_ACCESS_KEY',
  'S3_SECRET_KEY', 'S3_REGION', 'AI_PROVIDER', 'AI_BASE_URL', 'AI_API_KEY', 'AI_MODEL', 'JWT_PUBLIC_KEY', 'JWT_PRIVATE_KEY',
  'MEMORY_URL', 'FILES_URL', 'CHAT_URL', 'CHAT_CACHE_TTL', 'FILES_RETENTION']);
const isAllowedEnvName = (n) => DESIGN_ENV.has(n) || /^QUARKUS_[A-Z0-9_]+$/.test(n) || /^JAVA_[A-Z0-9_]+$/.test(n);
const PROBES = { startupProbe: '/q/health/started', livenessProbe: '/q/health/live', readinessProbe: '/q/health/ready' };
const WORKLOAD_KINDS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob', 'ReplicaSet', 'Pod']);
const CLUSTER_SCOPED = new Set(['Namespace', 'ClusterRole', 'ClusterRoleBinding', 'PersistentVolume', 'StorageClass',
  'IngressClass', 'PriorityClass', 'CustomResourceDefinition']);

// ---------------------------------------------------------------------------------------------------------
// Small helpers

class Findings {
  constructor(scope) { this.scope = scope; this.errors = []; this.checked = 0; }
  ok(cond, msg) { this.checked++; if (!cond) this.errors.push(msg); return !!cond; }
  fail(msg) { this.checked++; this.errors.push(msg); }
}

function loadDocs(file) {
  const text = readFileSync(file, 'utf8');
  return parseDocs(text, file);
}
function parseDocs(text, origin) {
  const docs = YAML.parseAllDocuments(text);
  const out = [];
  for (const d of docs) {
    if (d.errors.length) throw new Error(`${origin}: YAML error: ${d.errors[0].message}`);
    const js = d.toJS();
    if (js !== null && js !== undefined) out.push(js);
  }
  return out;
}
const clone = (x) => structuredClone(x);
const id = (d) => `${d?.kind ?? '?'}/${d?.metadata?.name ?? '?'}`;
const podSpecOf = (d) => d.kind === 'Pod' ? d.spec : d.kind === 'CronJob' ? d.spec?.jobTemplate?.spec?.template?.spec : d.spec?.template?.spec;
const podLabelsOf = (d) => d.kind === 'Pod' ? d.metadata?.labels ?? {} : d.kind === 'CronJob' ? d.spec?.jobTemplate?.spec?.template?.metadata?.labels ?? {} : d.spec?.template?.metadata?.labels ?? {};
const podAnnotationsOf = (d) => d.kind === 'Pod' ? d.metadata?.annotations ?? {} : d.spec?.template?.metadata?.annotations ?? {};
const allContainers = (ps) => [...(ps?.initContainers ?? []), ...(ps?.containers ?? [])];

function selectorMatches(sel, labels) {
  if (!sel) return false;
  for (const [k, v] of Object.entries(sel.matchLabels ?? {})) if (labels[k] !== v) return false;
  for (const e of sel.matchExpressions ?? []) {
    const has = Object.prototype.hasOwnProperty.call(labels, e.key);
    switch (e.operator) {
      case 'In': if (!has || !e.values.includes(labels[e.key])) return false; break;
      case 'NotIn': if (has && e.values.includes(labels[e.key])) return false; break;
      case 'Exists': if (!has) return false; break;
      case 'DoesNotExist': if (has) return false; break;
      default: return false;
    }
  }
  return true;
}
const selectorIsEmpty = (sel) => !sel || (Object.keys(sel.matchLabels ?? {}).length === 0 && (sel.matchExpressions ?? []).length === 0);

function quantityBytes(q) {
  const m = /^([0-9.]+)([KMGTE]i?|[kmgte])?$/.exec(String(q));
  if (!m) return NaN;
  const mult = { K: 1e3, k: 1e3, M: 1e6, m: 1e6, G: 1e9, g: 1e9, T: 1e12, Ki: 1024, Mi: 1024 ** 2, Gi: 1024 ** 3, Ti: 1024 ** 4 }[m[2] ?? ''] ?? 1;
  return Number(m[1]) * mult;
}

// ---------------------------------------------------------------------------------------------------------
// 1. Schema validation with kubernetes-models: the model class of each document's apiVersion/kind,
//    constructed and validated. A kind without a model is an error, never a pass.

const modelCache = new Map();
async function modelFor(apiVersion, kind) {
  const key = `${apiVersion}/${kind}`;
  if (modelCache.has(key)) return modelCache.get(key);
  let result = null;
  if (typeof apiVersion === 'string' && typeof kind === 'string' && /^[A-Za-z0-9]+$/.test(kind)) {
    const path = apiVersion.includes('/') ? apiVersion.split('/') : [apiVersion];
    if (path.every((p) => /^[a-z0-9.\-]+$/.test(p))) {
      const file = join(MODULES, 'kubernetes-models', ...path, `${kind}.js`);
      if (existsSync(file)) {
        const mod = await import(pathToFileURL(file).href);
        if (typeof mod[kind] === 'function') result = mod[kind];
      }
    }
  }
  modelCache.set(key, result);
  return result;
}

async function schemaCheck(docs, f, origin) {
  for (const d of docs) {
    const where = `${origin}: ${id(d)}`;
    if (typeof d !== 'object' || Array.isArray(d)) { f.fail(`${where}: not a mapping`); continue; }
    const Model = await modelFor(d.apiVersion, d.kind);
    if (!f.ok(Model, `${where}: no Kubernetes schema for apiVersion "${d.apiVersion}" kind "${d.kind}" (unknown kind or version)`)) continue;
    try {
      new Model(d).validate();
      f.ok(true);
    } catch (e) {
      f.fail(`${where}: schema: ${e.message}`);
    }
  }
}

// ---------------------------------------------------------------------------------------------------------
// 2. Cross-references inside one rendered overlay.

function loadTemplates(dir) {
  const secrets = new Map();
  for (const name of readdirSync(dir).filter((n) => n.endsWith('.yaml')).sort()) {
    for (const d of loadDocs(join(dir, name))) {
      if (d.kind === 'Secret') secrets.set(d.metadata.name, { doc: d, file: name });
    }
  }
  return secrets;
}
const secretKeys = (s) => new Set([...Object.keys(s.data ?? {}), ...Object.keys(s.stringData ?? {})]);

function xrefCheck(docs, { profile, templates }, f) {
  const byKind = (k) => docs.filter((d) => d.kind === k);
  const find = (k, name) => docs.find((d) => d.kind === k && d.metadata?.name === name);
  const workloads = docs.filter((d) => WORKLOAD_KINDS.has(d.kind));
  const pods = workloads.map((w) => ({ w, labels: podLabelsOf(w), spec: podSpecOf(w) }));
  const configMaps = new Map(byKind('ConfigMap').map((d) => [d.metadata.name, d]));
  const secrets = new Map(byKind('Secret').map((d) => [d.metadata.name, d]));
  const secretKeySet = (name) => secrets.has(name) ? secretKeys(secrets.get(name)) : templates.has(name) ? secretKeys(templates.get(name).doc) : null;

  // Identity, namespace, duplicates
  const seen = new Set();
  for (const d of docs) {
    f.ok(d.metadata?.name, `${id(d)}: no metadata.name`);
    const k = `${d.kind}/${d.metadata?.namespace ?? ''}/${d.metadata?.name}`;
    f.ok(!seen.has(k), `${id(d)}: defined twice`);
    seen.add(k);
    if (!CLUSTER_SCOPED.has(d.kind)) f.ok(d.metadata?.namespace === NAMESPACE, `${id(d)}: namespace is "${d.metadata?.namespace}", expected "${NAMESPACE}"`);
  }
  f.ok(find('Namespace', NAMESPACE), `Namespace/${NAMESPACE} is missing`);

  // Every pod template: hardened, bounded, and every reference it makes resolves.
  for (const { w, spec } of pods) {
    const where = id(w);
    if (!f.ok(spec, `${where}: no pod template`)) continue;
    f.ok(spec.automountServiceAccountToken === false, `${where}: automountServiceAccountToken must be false`);
    f.ok(!spec.hostNetwork && !spec.hostPID && !spec.hostIPC, `${where}: must not share the host's network/PID/IPC namespaces`);
    const psc = spec.securityContext ?? {};
    f.ok(psc.runAsUser !== 0, `${where}: pod runAsUser 0`);
    const volumes = new Map((spec.volumes ?? []).map((v) => [v.name, v]));
    for (const v of spec.volumes ?? []) {
      if (v.configMap) f.ok(configMaps.has(v.configMap.name) || v.configMap.optional, `${where}: volume ${v.name} names ConfigMap "${v.configMap.name}", which does not exist`);
      if (v.configMap && configMaps.has(v.configMap.name)) {
        const keys = new Set(Object.keys(configMaps.get(v.configMap.name).data ?? {}));
        for (const it of v.configMap.items ?? []) f.ok(keys.has(it.key), `${where}: volume ${v.name}: ConfigMap ${v.configMap.name} has no key ${it.key}`);
      }
      if (v.secret) {
        const keys = secretKeySet(v.secret.secretName);
        if (f.ok(keys || v.secret.optional, `${where}: volume ${v.name} names Secret "${v.secret.secretName}", which is neither rendered nor in k8s/secret-templates`) && keys) {
          for (const it of v.secret.items ?? []) f.ok(keys.has(it.key), `${where}: volume ${v.name}: Secret ${v.secret.secretName} has no key ${it.key}`);
        }
      }
    }
    const pvcTemplates = new Set((w.spec?.volumeClaimTemplates ?? []).map((t) => t.metadata?.name));
    for (const c of allContainers(spec)) {
      const cw = `${where} container ${c.name}`;
      const sc = c.securityContext ?? {};
      f.ok(sc.allowPrivilegeEscalation === false, `${cw}: allowPrivilegeEscalation must be false`);
      f.ok(sc.readOnlyRootFilesystem === true, `${cw}: readOnlyRootFilesystem must be true`);
      f.ok((sc.capabilities?.drop ?? []).includes('ALL'), `${cw}: capabilities must drop ALL`);
      f.ok(!(sc.capabilities?.add ?? []).length, `${cw}: must not add capabilities`);
      f.ok(!sc.privileged, `${cw}: privileged`);
      f.ok((sc.runAsNonRoot ?? psc.runAsNonRoot) === true, `${cw}: runAsNonRoot must be true (pod or container)`);
      f.ok((sc.runAsUser ?? psc.runAsUser) !== 0, `${cw}: runs as uid 0`);
      f.ok((sc.seccompProfile?.type ?? psc.seccompProfile?.type) === 'RuntimeDefault' || (sc.seccompProfile?.type ?? psc.seccompProfile?.type) === 'Localhost',
        `${cw}: seccompProfile must be RuntimeDefault`);
      const r = c.resources ?? {};
      for (const [kind, res] of [['requests', 'cpu'], ['requests', 'memory'], ['limits', 'cpu'], ['limits', 'memory']]) {
        f.ok(r[kind]?.[res] !== undefined, `${cw}: resources.${kind}.${res} missing`);
      }
      if (r.requests?.memory && r.limits?.memory) f.ok(quantityBytes(r.requests.memory) <= quantityBytes(r.limits.memory), `${cw}: memory request above its limit`);
      for (const m of c.volumeMounts ?? []) f.ok(volumes.has(m.name) || pvcTemplates.has(m.name), `${cw}: mounts volume "${m.name}", which the pod does not define`);
      const ports = c.ports ?? [];
      for (const probeName of ['startupProbe', 'livenessProbe', 'readinessProbe']) {
        const p = c[probeName]?.httpGet;
        if (p) f.ok(ports.some((cp) => cp.containerPort === p.port || cp.name === p.port), `${cw}: ${probeName} port ${p.port} is not a container port`);
      }
      for (const e of c.env ?? []) {
        const cmr = e.valueFrom?.configMapKeyRef;
        const skr = e.valueFrom?.secretKeyRef;
        if (cmr) {
          const cm = configMaps.get(cmr.name);
          f.ok(cmr.optional || (cm && Object.prototype.hasOwnProperty.call(cm.data ?? {}, cmr.key)),
            `${cw}: env ${e.name} reads ConfigMap ${cmr.name} key ${cmr.key}, which does not exist`);
        }
        if (skr) {
          const keys = secretKeySet(skr.name);
          f.ok(skr.optional || (keys && keys.has(skr.key)),
            `${cw}: env ${e.name} reads Secret ${skr.name} key ${skr.key}, which is neither rendered nor in k8s/secret-templates`);
        }
      }
      for (const ef of c.envFrom ?? []) {
        if (ef.configMapRef) f.ok(ef.configMapRef.optional || configMaps.has(ef.configMapRef.name), `${cw}: envFrom ConfigMap ${ef.configMapRef.name} does not exist`);
        if (ef.secretRef) f.ok(ef.secretRef.optional || secretKeySet(ef.secretRef.name), `${cw}: envFrom Secret ${ef.secretRef.name} does not exist`);
      }
    }
    if (w.kind === 'StatefulSet') {
      f.ok(find('Service', w.spec.serviceName), `${where}: serviceName "${w.spec.serviceName}" names no Service`);
      f.ok(selectorMatches(w.spec.selector, podLabelsOf(w)), `${where}: selector does not match its own pod labels`);
    }
    if (w.kind === 'Deployment') f.ok(selectorMatches(w.spec.selector, podLabelsOf(w)), `${where}: selector does not match its own pod labels`);
  }

  // The four services: one Deployment each, shaped as DESIGN.md says.
  const hpas = byKind('HorizontalPodAutoscaler');
  for (const [name, svc] of Object.entries(SERVICES)) {
    const dep = find('Deployment', name);
    if (!f.ok(dep, `Deployment/${name} is missing`)) continue;
    const spec = podSpecOf(dep);
    const labels = podLabelsOf(dep);
    f.ok(labels['app.kubernetes.io/name'] === name, `Deployment/${name}: pod label app.kubernetes.io/name must be "${name}"`);
    const c = (spec.containers ?? []).find((x) => x.name === name);
    if (!f.ok(c, `Deployment/${name}: no container named "${name}"`)) continue;
    const image = String(c.image ?? '');
    const m = /^(?:(.+)\/)?([^/:@]+)(?::([^@]+))?(?:@sha256:[0-9a-f]{64})?$/.exec(image);
    f.ok(m && m[2] === name, `Deployment/${name}: image "${image}" is not an image of ${name}`);
    f.ok(m && (m[3] || image.includes('@sha256:')) && m[3] !== 'latest', `Deployment/${name}: image "${image}" needs a fixed tag or digest`);
    const port = (c.ports ?? []).find((p) => p.containerPort === svc.port);
    if (f.ok(port, `Deployment/${name}: container port ${svc.port} missing`)) {
      for (const [probe, path] of Object.entries(PROBES)) {
        const h = c[probe]?.httpGet;
        if (!f.ok(h, `Deployment/${name}: ${probe} (httpGet ${path}) missing`)) continue;
        f.ok(h.path === path, `Deployment/${name}: ${probe} path is ${h.path}, expected ${path}`);
        f.ok(h.port === svc.port || (port.name && h.port === port.name), `Deployment/${name}: ${probe} port ${h.port} is not the service port ${svc.port}`);
      }
    }
    const ann = podAnnotationsOf(dep);
    f.ok(ann['prometheus.io/scrape'] === 'true', `Deployment/${name}: pod annotation prometheus.io/scrape must be "true"`);
    f.ok(ann['prometheus.io/path'] === '/q/metrics', `Deployment/${name}: pod annotation prometheus.io/path must be /q/metrics`);
    f.ok(ann['prometheus.io/port'] === String(svc.port), `Deployment/${name}: pod annotation prometheus.io/port must be "${svc.port}"`);
    const tmp = (c.volumeMounts ?? []).find((vm) => vm.mountPath === '/tmp');
    f.ok(tmp && (spec.volumes ?? []).find((v) => v.name === tmp.name)?.emptyDir, `Deployment/${name}: /tmp must be an emptyDir (read-only root file system)`);
    const envNames = new Set((c.env ?? []).map((e) => e.name));
    for (const e of svc.env) f.ok(envNames.has(e), `Deployment/${name}: environment ${e} missing`);
    for (const e of envNames) f.ok(isAllowedEnvName(e), `Deployment/${name}: environment name ${e} is not one of DESIGN.md's (or QUARKUS_*/JAVA_*)`);
    // Key files named by JWT_*_KEY must be mounted from the Secret that holds them.
    for (const e of (c.env ?? []).filter((x) => x.name.startsWith('JWT_') && x.value)) {
      const mount = (c.volumeMounts ?? []).find((vm) => e.value.startsWith(vm.mountPath.replace(/\/?$/, '/')));
      const vol = mount && (spec.volumes ?? []).find((v) => v.name === mount.name);
      const file = mount && e.value.slice(mount.mountPath.replace(/\/?$/, '/').length);
      const provided = vol?.secret && (vol.secret.items ? vol.secret.items.some((it) => it.path === file) : (secretKeySet(vol.secret.secretName) ?? new Set()).has(file));
      f.ok(provided, `Deployment/${name}: ${e.name}=${e.value} is not a file of a mounted Secret`);
    }
    f.ok(!(c.env ?? []).some((e) => e.name === 'JWT_PRIVATE_KEY') || name === 'gateway', `Deployment/${name}: only the gateway may get the private key`);
    const privateMounted = (spec.volumes ?? []).some((v) => v.secret && (v.secret.items ? v.secret.items.some((it) => it.key === 'private.pem') : (secretKeySet(v.secret.secretName) ?? new Set()).has('private.pem')));
    f.ok(name === 'gateway' || !privateMounted, `Deployment/${name}: mounts the JWT private key; only the gateway signs`);
    // URLs of the other services point at their Services.
    for (const e of (c.env ?? []).filter((x) => /_URL$/.test(x.name) && ['CHAT_URL', 'MEMORY_URL', 'FILES_URL'].includes(x.name))) {
      const ref = e.valueFrom?.configMapKeyRef;
      const value = e.value ?? (ref && configMaps.get(ref.name)?.data?.[ref.key]);
      const target = { CHAT_URL: 'chat-service', MEMORY_URL: 'memory-service', FILES_URL: 'file-service' }[e.name];
      const u = value && /^http:\/\/([a-z0-9-]+)(?:\.[a-z0-9.-]+)?:(\d+)\/?$/.exec(value);
      const s = u && find('Service', u[1]);
      f.ok(u && u[1] === target && s && (s.spec.ports ?? []).some((p) => p.port === Number(u[2])),
        `Deployment/${name}: ${e.name}=${value} does not point at Service ${target} and its port`);
    }
    const hpa = hpas.find((h) => h.spec?.scaleTargetRef?.kind === 'Deployment' && h.spec.scaleTargetRef.name === name);
    f.ok(hpa, `Deployment/${name}: no HorizontalPodAutoscaler targets it`);
    f.ok(!hpa || dep.spec.replicas === undefined, `Deployment/${name}: sets spec.replicas although an HPA owns the replica count`);
    f.ok(byKind('PodDisruptionBudget').some((p) => selectorMatches(p.spec?.selector, labels)), `Deployment/${name}: no PodDisruptionBudget covers it`);
    f.ok(byKind('Service').some((s) => s.metadata.name === name && selectorMatches({ matchLabels: s.spec?.selector }, labels)), `Deployment/${name}: no Service named ${name} selects it`);
    if (profile === 'prod') f.ok((dep.spec.replicas ?? 2) >= 2, `Deployment/${name}: prod needs at least 2 replicas`);
  }

  // Services: selectors match pods, target ports are container ports.
  for (const s of byKind('Service')) {
    const where = id(s);
    const sel = s.spec?.selector;
    if (!f.ok(sel && Object.keys(sel).length, `${where}: no selector`)) continue;
    const selected = pods.filter((p) => selectorMatches({ matchLabels: sel }, p.labels));
    if (!f.ok(selected.length, `${where}: selector ${JSON.stringify(sel)} matches no pod template`)) continue;
    for (const port of s.spec.ports ?? []) {
      const target = port.targetPort ?? port.port;
      for (const p of selected) {
        const ok = (p.spec?.containers ?? []).some((c) => (c.ports ?? []).some((cp) => cp.containerPort === target || cp.name === target));
        f.ok(ok, `${where}: targetPort ${target} is not a container port of ${id(p.w)}`);
      }
    }
    if (SERVICES[s.metadata.name]) f.ok((s.spec.ports ?? []).some((p) => p.port === SERVICES[s.metadata.name].port), `${where}: must expose port ${SERVICES[s.metadata.name].port}`);
  }

  // Autoscalers
  for (const h of hpas) {
    const where = id(h);
    f.ok(h.apiVersion === 'autoscaling/v2', `${where}: use autoscaling/v2`);
    const ref = h.spec?.scaleTargetRef ?? {};
    const target = find(ref.kind, ref.name);
    if (!f.ok(target && ['Deployment', 'StatefulSet'].includes(ref.kind), `${where}: scaleTargetRef ${ref.kind}/${ref.name} does not exist`)) continue;
    f.ok(ref.apiVersion === target.apiVersion, `${where}: scaleTargetRef apiVersion ${ref.apiVersion} differs from ${target.apiVersion}`);
    const min = h.spec.minReplicas ?? 1;
    f.ok(min >= 1 && min <= h.spec.maxReplicas, `${where}: minReplicas ${min} / maxReplicas ${h.spec.maxReplicas}`);
    if (profile === 'prod') f.ok(min >= 2, `${where}: prod needs minReplicas >= 2 (is ${min})`);
    const resMetrics = (h.spec.metrics ?? []).filter((m) => m.type === 'Resource' && m.resource?.target?.type === 'Utilization').map((m) => m.resource.name);
    f.ok(resMetrics.includes('cpu'), `${where}: no CPU utilisation target`);
    f.ok(resMetrics.includes('memory'), `${where}: no memory utilisation target`);
    f.ok((h.spec.behavior?.scaleDown?.stabilizationWindowSeconds ?? 0) > 0, `${where}: no scale-down stabilisation window`);
    for (const c of podSpecOf(target)?.containers ?? []) {
      for (const res of resMetrics) f.ok(c.resources?.requests?.[res], `${where}: ${res} utilisation needs a ${res} request on ${id(target)} container ${c.name}`);
    }
  }

  // Disruption budgets
  for (const p of byKind('PodDisruptionBudget')) {
    f.ok(!selectorIsEmpty(p.spec?.selector) && pods.some((x) => selectorMatches(p.spec.selector, x.labels)), `${id(p)}: selector matches no pods`);
    f.ok(p.spec?.maxUnavailable !== 0 && p.spec?.maxUnavailable !== '0%', `${id(p)}: maxUnavailable 0 blocks every node drain`);
  }

  // Ingress
  const ingresses = byKind('Ingress');
  f.ok(ingresses.length, 'no Ingress');
  let rootToGateway = false;
  for (const ing of ingresses) {
    const where = id(ing);
    f.ok(ing.spec?.ingressClassName, `${where}: ingressClassName missing`);
    const backends = [];
    if (ing.spec?.defaultBackend) backends.push(['(default)', ing.spec.defaultBackend]);
    for (const r of ing.spec?.rules ?? []) {
      for (const p of r.http?.paths ?? []) {
        backends.push([p.path, p.backend]);
        if (p.path === '/' && p.pathType === 'Prefix' && p.backend?.service?.name === 'gateway') {
          rootToGateway = true;
          const a = ing.metadata?.annotations ?? {};
          const body = a['nginx.ingress.kubernetes.io/proxy-body-size'];
          f.ok(body && quantityBytes(body.replace(/m$/, 'Mi').replace(/g$/, 'Gi').replace(/k$/, 'Ki')) >= 256 * 1024 ** 2,
            `${where}: nginx.ingress.kubernetes.io/proxy-body-size must allow 256 MiB uploads (is ${body})`);
          f.ok(a['nginx.ingress.kubernetes.io/proxy-buffering'] === 'off', `${where}: proxy-buffering must be "off" for server-sent events`);
          f.ok(a['nginx.ingress.kubernetes.io/proxy-request-buffering'] === 'off', `${where}: proxy-request-buffering must be "off" for uploads`);
          f.ok(Number(a['nginx.ingress.kubernetes.io/proxy-read-timeout'] ?? 60) >= 300, `${where}: proxy-read-timeout too short for event streams`);
        }
      }
      if (profile === 'prod') {
        f.ok(r.host, `${where}: prod rules need a host`);
        f.ok((ing.spec.tls ?? []).some((t) => (t.hosts ?? []).includes(r.host)), `${where}: prod host ${r.host} has no TLS entry`);
      }
    }
    for (const [path, b] of backends) {
      const s = b?.service && find('Service', b.service.name);
      if (!f.ok(s, `${where}: path ${path} goes to Service "${b?.service?.name}", which does not exist`)) continue;
      const port = b.service.port ?? {};
      f.ok((s.spec.ports ?? []).some((p) => (port.name && p.name === port.name) || (port.number && p.port === port.number)),
        `${where}: path ${path} uses port ${port.name ?? port.number}, which Service ${s.metadata.name} does not have`);
    }
    for (const t of ing.spec?.tls ?? []) {
      f.ok(t.secretName && (secrets.has(t.secretName) || templates.has(t.secretName)), `${where}: TLS Secret "${t.secretName}" is neither rendered nor in k8s/secret-templates`);
    }
    if (profile === 'prod') f.ok((ing.spec?.tls ?? []).length, `${where}: prod needs TLS`);
  }
  f.ok(rootToGateway, 'no Ingress routes / (Prefix) to the gateway');

  // Network policies: selectors select something, and the policies allow exactly the expected paths.
  const policies = byKind('NetworkPolicy');
  f.ok(policies.some((p) => selectorIsEmpty(p.spec?.podSelector) && ['Ingress', 'Egress'].every((t) => (p.spec.policyTypes ?? []).includes(t))
    && !(p.spec.ingress ?? []).length && !(p.spec.egress ?? []).length), 'no default-deny NetworkPolicy (empty podSelector, Ingress+Egress, no rules)');
  for (const p of policies) {
    const where = id(p);
    if (!selectorIsEmpty(p.spec?.podSelector)) f.ok(pods.some((x) => selectorMatches(p.spec.podSelector, x.labels)), `${where}: podSelector matches no pods`);
    for (const rule of [...(p.spec?.ingress ?? []).map((r) => r.from ?? []), ...(p.spec?.egress ?? []).map((r) => r.to ?? [])].flat()) {
      if (rule.podSelector && !rule.namespaceSelector && !selectorIsEmpty(rule.podSelector)) {
        f.ok(pods.some((x) => selectorMatches(rule.podSelector, x.labels)), `${where}: peer podSelector ${JSON.stringify(rule.podSelector)} matches no pods`);
      }
      if (rule.namespaceSelector) {
        const keys = Object.keys(rule.namespaceSelector.matchLabels ?? {});
        f.ok(keys.length === 1 && keys[0] === 'kubernetes.io/metadata.name', `${where}: select namespaces by kubernetes.io/metadata.name only`);
      }
    }
  }
  networkGraphCheck(docs, pods, policies, profile, f);
}

// A NetworkPolicy evaluator for the paths that matter: traffic flows only if the sender's egress and the
// receiver's ingress both allow it (a side that no policy of that type selects is open).
const NS_LABELS = (ns) => ({ 'kubernetes.io/metadata.name': ns });
function networkGraphCheck(docs, pods, policies, profile, f) {
  const podPeer = (name) => {
    const p = pods.find((x) => x.labels['app.kubernetes.io/name'] === name);
    return p && { kind: 'pod', name, ns: NAMESPACE, labels: p.labels, ports: (p.spec.containers ?? []).flatMap((c) => c.ports ?? []) };
  };
  const external = {
    'ingress-controller': { kind: 'pod', name: 'ingress-nginx controller', ns: 'ingress-nginx', labels: { 'app.kubernetes.io/name': 'ingress-nginx' }, ports: [] },
    'kube-dns': { kind: 'pod', name: 'kube-dns', ns: 'kube-system', labels: { 'k8s-app': 'kube-dns' }, ports: [{ containerPort: 53, protocol: 'UDP' }] },
    prometheus: { kind: 'pod', name: 'prometheus', ns: 'monitoring', labels: { 'app.kubernetes.io/name': 'prometheus' }, ports: [] },
    'other-namespace': { kind: 'pod', name: 'a pod in namespace default', ns: 'default', labels: { app: 'other' }, ports: [] },
    internet: { kind: 'ip', name: 'a public address', ip: '203.0.113.10' },
    'managed-store': { kind: 'ip', name: 'a managed store (private address outside the cluster)', ip: '10.20.30.40' },
    'private-host': { kind: 'ip', name: 'a private address', ip: '10.1.2.3' },
  };
  const peer = (n) => external[n] ?? podPeer(n);

  const ipToInt = (ip) => ip.split('.').reduce((a, o) => a * 256 + Number(o), 0);
  const inCidr = (ip, cidr) => {
    if (cidr.includes(':')) return false;
    const [base, bits] = cidr.split('/');
    const size = 2 ** (32 - Number(bits));
    const start = Math.floor(ipToInt(base) / size) * size;
    return ipToInt(ip) >= start && ipToInt(ip) < start + size;
  };
  const peerMatches = (p, other) => {
    if (p.ipBlock) return other.kind === 'ip' && inCidr(other.ip, p.ipBlock.cidr) && !(p.ipBlock.except ?? []).some((c) => inCidr(other.ip, c));
    if (other.kind !== 'pod') return false;
    const nsOk = p.namespaceSelector ? selectorMatches(p.namespaceSelector, NS_LABELS(other.ns)) : other.ns === NAMESPACE;
    const podOk = p.podSelector ? selectorMatches(p.podSelector, other.labels) : true;
    return nsOk && podOk;
  };
  const portMatches = (ports, dst, port, proto) => !ports?.length || ports.some((p) => {
    if ((p.protocol ?? 'TCP') !== proto) return false;
    if (p.port === undefined) return true;
    if (typeof p.port === 'string') return dst.kind === 'pod' && (dst.ports ?? []).some((cp) => cp.name === p.port && cp.containerPort === port);
    return p.endPort ? port >= p.port && port <= p.endPort : p.port === port;
  });
  const types = (p) => p.spec.policyTypes ?? (p.spec.egress ? ['Ingress', 'Egress'] : ['Ingress']);
  const side = (pod, type) => policies.filter((p) => pod.kind === 'pod' && pod.ns === NAMESPACE && types(p).includes(type) && selectorMatches(p.spec.podSelector ?? {}, pod.labels));
  const allowed = (src, dst, port, proto) => {
    const eg = side(src, 'Egress');
    const egressOk = !eg.length || eg.some((p) => (p.spec.egress ?? []).some((r) => (!r.to?.length || r.to.some((t) => peerMatches(t, dst))) && portMatches(r.ports, dst, port, proto)));
    const ing = side(dst, 'Ingress');
    const ingressOk = !ing.length || ing.some((p) => (p.spec.ingress ?? []).some((r) => (!r.from?.length || r.from.some((t) => peerMatches(t, src))) && portMatches(r.ports, dst, port, proto)));
    return egressOk && ingressOk;
  };

  const dev = profile === 'dev';
  const store = (n) => dev ? n : 'managed-store';
  const s3 = dev ? ['minio', 9000] : ['internet', 443];
  const expect = [
    ['ingress-controller', 'gateway', 8080, true],
    ['gateway', 'chat-service', 8081, true], ['gateway', 'memory-service', 8082, true], ['gateway', 'file-service', 8083, true],
    ['chat-service', 'memory-service', 8082, true], ['chat-service', 'file-service', 8083, true],
    ['chat-service', 'internet', 443, true],
    ...SERVICE_NAMES.map((s) => [s, 'kube-dns', 53, true, 'UDP']),
    ...SERVICE_NAMES.map((s) => ['prometheus', s, SERVICES[s].port, true]),
    ['gateway', store('postgres'), 5432, true], ['memory-service', store('postgres'), 5432, true], ['file-service', store('postgres'), 5432, true],
    ...SERVICE_NAMES.map((s) => [s, store('redis'), 6379, true]),
    ['file-service', s3[0], s3[1], true],
    // what must stay closed
    ['ingress-controller', 'chat-service', 8081, false], ['ingress-controller', 'memory-service', 8082, false], ['ingress-controller', 'file-service', 8083, false],
    ['other-namespace', 'gateway', 8080, false], ['other-namespace', 'memory-service', 8082, false],
    ['chat-service', 'gateway', 8080, false], ['memory-service', 'file-service', 8083, false], ['file-service', 'memory-service', 8082, false],
    ['memory-service', 'chat-service', 8081, false], ['file-service', 'chat-service', 8081, false],
    ['memory-service', 'internet', 443, false], ['gateway', 'internet', 443, false], ['chat-service', 'private-host', 443, false],
    ['chat-service', store('postgres'), 5432, false],
  ];
  if (dev) {
    expect.push(['minio-create-bucket', 'minio', 9000, true], ['memory-service', 'minio', 9000, false],
      ['ingress-controller', 'postgres', 5432, false], ['other-namespace', 'redis', 6379, false], ['prometheus', 'postgres', 5432, false]);
  }
  for (const [from, to, port, want, proto = 'TCP'] of expect) {
    const src = peer(from);
    const dst = peer(to);
    if (!f.ok(src && dst, `network: ${!src ? from : to} does not exist in this overlay`)) continue;
    const got = allowed(src, dst, port, proto);
    f.ok(got === want, `network: ${src.name} -> ${dst.name}:${port}/${proto} is ${got ? 'allowed' : 'blocked'}, expected ${want ? 'allowed' : 'blocked'}`);
  }
}

// ---------------------------------------------------------------------------------------------------------
// 3. Secret templates: valid Secrets, no values at all, and a kubectl create command in the comments.

async function templatesCheck(dir, f) {
  for (const name of readdirSync(dir).filter((n) => n.endsWith('.yaml')).sort()) {
    const file = join(dir, name);
    const docs = loadDocs(file);
    await schemaCheck(docs, f, `k8s/secret-templates/${name}`);
    for (const d of docs) {
      f.ok(d.kind === 'Secret', `${name}: ${id(d)} is not a Secret`);
      for (const [k, v] of Object.entries({ ...(d.data ?? {}), ...(d.stringData ?? {}) })) {
        f.ok(v === '' || v === null, `${name}: ${d.metadata?.name} key ${k} has a value; templates must stay empty`);
      }
    }
    f.ok(/kubectl\s+(-n\s+\S+\s+)?create\s+secret/.test(readFileSync(file, 'utf8')), `${name}: no documented "kubectl create secret" command`);
  }
}

// ---------------------------------------------------------------------------------------------------------
// 4. docker-compose: the normalised output of `docker-compose config`, plus nginx.conf's upstreams.

function composeCheck(cfg, { nginxConf, native }, f) {
  const services = cfg.services ?? {};
  const names = Object.keys(services);
  for (const s of [...SERVICE_NAMES.filter((n) => n !== 'gateway'), 'gateway-1', 'gateway-2', 'postgres', 'redis', 'minio', 'nginx']) {
    f.ok(services[s], `compose: service ${s} missing`);
  }
  const oneShot = (s) => s.restart === 'no' || s.restart === '"no"';
  for (const [name, s] of Object.entries(services)) {
    const where = `compose: ${name}`;
    if (oneShot(s)) {
      // one-shot containers (jwt-keys, minio-init) exit when done: dependants wait for that, not for health
      for (const [, other] of Object.entries(services)) {
        const dep = other.depends_on?.[name];
        if (dep) f.ok(dep.condition === 'service_completed_successfully', `${where}: one-shot service must be awaited with service_completed_successfully`);
      }
      continue;
    }
    f.ok(s.healthcheck?.test && !s.healthcheck.disable, `${where}: no health check`);
    for (const [dep, cond] of Object.entries(s.depends_on ?? {})) {
      f.ok(services[dep], `${where}: depends on unknown service ${dep}`);
      if (services[dep] && !oneShot(services[dep])) f.ok(cond.condition === 'service_healthy', `${where}: depends_on ${dep} must use condition service_healthy`);
    }
    for (const v of s.volumes ?? []) {
      const src = typeof v === 'string' ? v.split(':')[0] : v.source;
      const type = typeof v === 'string' ? (src.startsWith('/') || src.startsWith('.') ? 'bind' : 'volume') : v.type;
      if (type === 'volume') f.ok(cfg.volumes && Object.prototype.hasOwnProperty.call(cfg.volumes, src), `${where}: volume ${src} is not a declared named volume`);
    }
  }
  for (const v of ['postgres-data', 'redis-data', 'minio-data']) f.ok(cfg.volumes && v in cfg.volumes, `compose: named volume ${v} missing`);
  f.ok(/(^|\/)postgres:15([.-]|$)/.test(String(services.postgres?.image)), `compose: postgres must be PostgreSQL 15 (is ${services.postgres?.image})`);
  f.ok(/redis:7/.test(String(services.redis?.image)), `compose: redis must be Redis 7 (is ${services.redis?.image})`);

  const envOf = (s) => Array.isArray(s.environment)
    ? Object.fromEntries(s.environment.map((e) => { const i = e.indexOf('='); return i < 0 ? [e, null] : [e.slice(0, i), e.slice(i + 1)]; }))
    : (s.environment ?? {});
  const app = { gateway: ['gateway-1', 'gateway-2'], 'chat-service': ['chat-service'], 'memory-service': ['memory-service'], 'file-service': ['file-service'] };
  for (const [svc, instances] of Object.entries(app)) {
    for (const inst of instances) {
      const s = services[inst];
      if (!s) continue;
      const where = `compose: ${inst}`;
      const env = envOf(s);
      for (const e of SERVICES[svc].env) f.ok(e in env, `${where}: environment ${e} missing`);
      for (const e of Object.keys(env)) f.ok(isAllowedEnvName(e), `${where}: environment name ${e} is not one of DESIGN.md's (or QUARKUS_*/JAVA_*)`);
      const dockerfile = native ? 'src/main/docker/Dockerfile.native' : 'src/main/docker/Dockerfile.jvm';
      f.ok(s.build && String(s.build.context).replace(/\/$/, '').endsWith(`/${svc}`) && s.build.dockerfile === dockerfile,
        `${where}: must be built from ${svc}/${dockerfile} (is ${s.build?.context} ${s.build?.dockerfile})`);
      const m = /^(?:.+\/)?([^/:]+):(.+)$/.exec(String(s.image));
      f.ok(m && m[1] === svc, `${where}: image ${s.image} is not an image of ${svc}`);
      const hc = (s.healthcheck?.test ?? []).join(' ');
      f.ok(hc.includes(`:${SERVICES[svc].port}/q/health/ready`), `${where}: health check must probe :${SERVICES[svc].port}/q/health/ready`);
      f.ok(s.read_only === true && (s.cap_drop ?? []).includes('ALL'), `${where}: read_only root file system and cap_drop ALL expected`);
      for (const [k, v] of Object.entries(env)) {
        const u = typeof v === 'string' && /^https?:\/\/([a-z0-9-]+):(\d+)/.exec(v);
        if (u && k.endsWith('_URL') && k !== 'AI_BASE_URL') {
          const target = services[u[1]];
          f.ok(target, `${where}: ${k}=${v} names no compose service`);
          const svcName = target && Object.keys(app).find((a) => app[a].includes(u[1]));
          if (svcName) f.ok(SERVICES[svcName].port === Number(u[2]), `${where}: ${k}=${v} uses the wrong port for ${u[1]}`);
        }
      }
    }
  }
  // nginx: every upstream server is a compose service (with that port exposed); nginx waits for them.
  const conf = readFileSync(nginxConf, 'utf8').replace(/#.*$/gm, '');
  const servers = [...conf.matchAll(/^\s*server\s+([a-z0-9.-]+):(\d+)[^;]*;/gm)].map((m) => [m[1], Number(m[2])]);
  f.ok(servers.length >= 2, 'nginx.conf: fewer than two upstream servers');
  for (const [host, port] of servers) {
    const s = services[host];
    f.ok(s, `nginx.conf: upstream server ${host} is not a compose service`);
    if (s) {
      f.ok((s.expose ?? []).map(Number).includes(port) || (s.ports ?? []).some((p) => Number(p.target ?? String(p).split(':').pop()) === port), `nginx.conf: ${host} does not expose port ${port}`);
      f.ok(services.nginx?.depends_on?.[host]?.condition === 'service_healthy', `compose: nginx must wait for ${host} to be healthy`);
    }
  }
  const mounts = (services.nginx?.volumes ?? []).map((v) => typeof v === 'string' ? { source: v.split(':')[0], target: v.split(':')[1] } : v);
  f.ok(mounts.some((v) => String(v.source).endsWith('/deploy/nginx.conf') && v.target === '/etc/nginx/nginx.conf'), 'compose: nginx does not mount deploy/nginx.conf as /etc/nginx/nginx.conf');
  f.ok(names.length > 0, 'compose: no services');
}

// ---------------------------------------------------------------------------------------------------------
// 5. Dockerfiles: non-root, pinned base, the service's port, a .dockerignore that sends only build output.

function parseDockerfile(text) {
  const lines = text.replace(/\\\r?\n/g, ' ').split(/\r?\n/).map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
  return lines.map((l) => { const i = l.search(/\s/); return { op: (i < 0 ? l : l.slice(0, i)).toUpperCase(), arg: i < 0 ? '' : l.slice(i + 1).trim() }; });
}
function dockerfileCheck(name, kind, text, f) {
  const where = `${name}/src/main/docker/Dockerfile.${kind}`;
  const ins = parseDockerfile(text);
  const from = ins.filter((i) => i.op === 'FROM');
  if (!f.ok(from.length, `${where}: no FROM`)) return;
  const base = from[from.length - 1].arg.split(/\s+/)[0];
  f.ok(/:[^/]+$/.test(base) && !/:latest$/.test(base), `${where}: base image ${base} needs a fixed tag`);
  f.ok(kind === 'jvm' ? /ubi9\/openjdk-17-runtime:/.test(base) : /(ubi9\/ubi-minimal|ubi9-quarkus-micro-image|quarkus-micro-image):/.test(base),
    `${where}: base image ${base} is not the minimal UBI 9 image for ${kind}`);
  const users = ins.filter((i) => i.op === 'USER');
  const user = users.length ? users[users.length - 1].arg : 'root';
  f.ok(user && !/^(root|0)(:.*)?$/.test(user), `${where}: runs as ${user}; the last USER must be non-root`);
  const expose = ins.filter((i) => i.op === 'EXPOSE').flatMap((i) => i.arg.split(/\s+/)).map((p) => Number(p.split('/')[0]));
  f.ok(expose.includes(SERVICES[name].port), `${where}: EXPOSE ${SERVICES[name].port} missing (has ${expose.join(', ') || 'none'})`);
  f.ok(ins.some((i) => i.op === 'ENTRYPOINT' || i.op === 'CMD'), `${where}: no ENTRYPOINT`);
  const copies = ins.filter((i) => i.op === 'COPY' || i.op === 'ADD').map((i) => i.arg.split(/\s+/).filter((a) => !a.startsWith('--')));
  for (const c of copies) for (const src of c.slice(0, -1)) f.ok(src.startsWith('target/'), `${where}: copies ${src}; only build output under target/ belongs in the image`);
  if (kind === 'jvm') f.ok(copies.some((c) => c[0].startsWith('target/quarkus-app/')), `${where}: does not copy the fast-jar (target/quarkus-app)`);
  if (kind === 'native') f.ok(copies.some((c) => /^target\/\*?-?runner$|^target\/\*-runner$/.test(c[0])), `${where}: does not copy the native runner`);
  const host = ins.some((i) => /quarkus\.http\.host=0\.0\.0\.0/.test(i.arg));
  f.ok(host, `${where}: must start with -Dquarkus.http.host=0.0.0.0`);
}
function dockerignoreCheck(name, text, f) {
  const lines = text.split(/\r?\n/).map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
  f.ok(lines[0] === '*', `${name}/.dockerignore: must start by excluding everything (*)`);
  for (const l of lines.slice(1)) f.ok(l.startsWith('!target/'), `${name}/.dockerignore: ${l} lets more than build output into the context`);
  f.ok(lines.some((l) => l.startsWith('!target/quarkus-app')), `${name}/.dockerignore: must let target/quarkus-app in`);
  f.ok(lines.some((l) => /^!target\/\*-runner$/.test(l)), `${name}/.dockerignore: must let the native runner in`);
}
function dockerfilesCheck(root, f) {
  for (const name of SERVICE_NAMES) {
    for (const kind of ['jvm', 'native']) {
      const file = join(root, name, 'src/main/docker', `Dockerfile.${kind}`);
      if (f.ok(existsSync(file), `${name}: ${file} missing`)) dockerfileCheck(name, kind, readFileSync(file, 'utf8'), f);
    }
    const di = join(root, name, '.dockerignore');
    if (f.ok(existsSync(di), `${name}: .dockerignore missing`)) dockerignoreCheck(name, readFileSync(di, 'utf8'), f);
  }
}

// ---------------------------------------------------------------------------------------------------------
// Negative tests: each mutation breaks one thing in a copy of the real, passing input; the check it
// targets must fail, and for cross-reference cases the schema check must still pass (so the
// cross-reference check is shown to catch what schemas cannot).

const dep = (docs, name) => docs.find((d) => d.kind === 'Deployment' && d.metadata.name === name);
const ctr = (docs, name) => dep(docs, name).spec.template.spec.containers[0];
const K8S_MUTATIONS = [
  // schema: must fail kubernetes-models validation
  { check: 'schema', name: 'misspelt kind', expect: 'no Kubernetes schema', apply: (d) => { dep(d, 'gateway').kind = 'Deploymnet'; } },
  { check: 'schema', name: 'unknown apiVersion', expect: 'no Kubernetes schema', apply: (d) => { d.find((x) => x.kind === 'HorizontalPodAutoscaler').apiVersion = 'autoscaling/v9'; } },
  { check: 'schema', name: 'containerPort as a string', expect: 'must be integer', apply: (d) => { ctr(d, 'memory-service').ports[0].containerPort = '8082'; } },
  { check: 'schema', name: 'Deployment without selector', expect: 'must have required property selector', apply: (d) => { delete dep(d, 'file-service').spec.selector; } },
  { check: 'schema', name: 'memory limit not a quantity', expect: 'quantity', apply: (d) => { ctr(d, 'chat-service').resources.limits.memory = 'lots'; } },
  { check: 'schema', name: 'HPA without maxReplicas', expect: 'must have required property maxReplicas', apply: (d) => { delete d.find((x) => x.kind === 'HorizontalPodAutoscaler').spec.maxReplicas; } },
  // cross-references: schema-valid documents that do not fit together
  { check: 'xref', name: 'readiness probe on a wrong path', expect: 'readinessProbe path', apply: (d) => { ctr(d, 'gateway').readinessProbe.httpGet.path = '/q/health/readyy'; } },
  { check: 'xref', name: 'startup probe missing', expect: 'startupProbe (httpGet', apply: (d) => { delete ctr(d, 'memory-service').startupProbe; } },
  { check: 'xref', name: 'liveness probe on another port', expect: 'is not a container port', apply: (d) => { ctr(d, 'chat-service').livenessProbe.httpGet.port = 9000; } },
  { check: 'xref', name: 'no CPU limit', expect: 'resources.limits.cpu missing', apply: (d) => { delete ctr(d, 'file-service').resources.limits.cpu; } },
  { check: 'xref', name: 'writable root file system', expect: 'readOnlyRootFilesystem', apply: (d) => { ctr(d, 'gateway').securityContext.readOnlyRootFilesystem = false; } },
  { check: 'xref', name: 'capabilities kept', expect: 'drop ALL', apply: (d) => { ctr(d, 'gateway').securityContext.capabilities.drop = ['NET_RAW']; } },
  { check: 'xref', name: 'runs as root', expect: 'runAsNonRoot', apply: (d) => { const s = dep(d, 'memory-service').spec.template.spec; delete s.securityContext.runAsNonRoot; delete ctr(d, 'memory-service').securityContext.runAsNonRoot; } },
  { check: 'xref', name: 'no seccomp profile', expect: 'seccompProfile', apply: (d) => { delete dep(d, 'chat-service').spec.template.spec.securityContext.seccompProfile; } },
  { check: 'xref', name: 'service-account token mounted', expect: 'automountServiceAccountToken', apply: (d) => { dep(d, 'file-service').spec.template.spec.automountServiceAccountToken = true; } },
  { check: 'xref', name: 'HPA targets a missing Deployment', expect: 'scaleTargetRef', apply: (d) => { d.find((x) => x.kind === 'HorizontalPodAutoscaler').spec.scaleTargetRef.name = 'gateway-v2'; } },
  { check: 'xref', name: 'HPA without memory target', expect: 'no memory utilisation target', apply: (d) => { const h = d.find((x) => x.kind === 'HorizontalPodAutoscaler'); h.spec.metrics = h.spec.metrics.filter((m) => m.resource?.name !== 'memory'); } },
  { check: 'xref', name: 'Service selector matches nothing', expect: 'matches no pod template', apply: (d) => { d.find((x) => x.kind === 'Service' && x.metadata.name === 'memory-service').spec.selector = { 'app.kubernetes.io/name': 'memory' }; } },
  { check: 'xref', name: 'Service targetPort not a container port', expect: 'targetPort web', apply: (d) => { d.find((x) => x.kind === 'Service' && x.metadata.name === 'chat-service').spec.ports[0].targetPort = 'web'; } },
  { check: 'xref', name: 'Ingress backend Service missing', expect: 'which does not exist', apply: (d) => { d.find((x) => x.kind === 'Ingress').spec.rules[0].http.paths[0].backend.service.name = 'gateway-svc'; } },
  { check: 'xref', name: 'Ingress backend port missing', expect: 'which Service gateway does not have', apply: (d) => { d.find((x) => x.kind === 'Ingress').spec.rules[0].http.paths[0].backend.service.port = { name: 'https' }; } },
  { check: 'xref', name: 'Ingress buffers event streams', expect: 'proxy-buffering', apply: (d) => { delete d.find((x) => x.kind === 'Ingress' && x.metadata.name === 'insight').metadata.annotations['nginx.ingress.kubernetes.io/proxy-buffering']; } },
  { check: 'xref', name: 'NetworkPolicy selects no pods', expect: 'podSelector matches no pods', apply: (d) => { d.find((x) => x.kind === 'NetworkPolicy' && x.metadata.name === 'gateway').spec.podSelector = { matchLabels: { 'app.kubernetes.io/name': 'gateway-typo' } }; } },
  { check: 'xref', name: 'NetworkPolicy peer selects no pods', expect: 'peer podSelector', apply: (d) => { d.find((x) => x.kind === 'NetworkPolicy' && x.metadata.name === 'memory-service').spec.ingress[0].from[1].podSelector.matchLabels['app.kubernetes.io/name'] = 'chat'; } },
  { check: 'xref', name: 'chat can no longer reach memory', expect: 'chat-service -> memory-service:8082/TCP is blocked', apply: (d) => { const p = d.find((x) => x.kind === 'NetworkPolicy' && x.metadata.name === 'chat-service'); p.spec.egress = p.spec.egress.filter((r) => !r.to?.some((t) => t.podSelector?.matchLabels?.['app.kubernetes.io/name'] === 'memory-service')); } },
  { check: 'xref', name: 'memory-service open to everyone', expect: 'is allowed, expected blocked', apply: (d) => { d.find((x) => x.kind === 'NetworkPolicy' && x.metadata.name === 'memory-service').spec.ingress = [{}]; } },
  { check: 'xref', name: 'no default deny', expect: 'no default-deny', apply: (d) => { const i = d.findIndex((x) => x.kind === 'NetworkPolicy' && x.metadata.name === 'default-deny-all'); d.splice(i, 1); } },
  { check: 'xref', name: 'image of another service', expect: 'is not an image of gateway', apply: (d) => { ctr(d, 'gateway').image = ctr(d, 'gateway').image.replace('/gateway:', '/gatway:'); } },
  { check: 'xref', name: 'Secret key that no template has', expect: 'key DB_PASWORD', apply: (d) => { ctr(d, 'memory-service').env.find((e) => e.name === 'DB_PASSWORD').valueFrom.secretKeyRef.key = 'DB_PASWORD'; } },
  { check: 'xref', name: 'ConfigMap key missing', expect: 'key MEMORY_ENDPOINT', apply: (d) => { ctr(d, 'gateway').env.find((e) => e.name === 'MEMORY_URL').valueFrom.configMapKeyRef.key = 'MEMORY_ENDPOINT'; } },
  { check: 'xref', name: 'scrape port differs from the service port', expect: 'prometheus.io/port', apply: (d) => { dep(d, 'memory-service').spec.template.metadata.annotations['prometheus.io/port'] = '9000'; } },
  { check: 'xref', name: 'replicas fixed under an HPA', expect: 'sets spec.replicas', apply: (d) => { dep(d, 'chat-service').spec.replicas = 3; } },
  { check: 'xref', name: 'private key mounted into a verifier', expect: 'only the gateway signs', apply: (d) => { dep(d, 'memory-service').spec.template.spec.volumes.find((v) => v.name === 'jwt').secret.items.push({ key: 'private.pem', path: 'private.pem' }); } },
  { check: 'xref', name: 'non-DESIGN environment name', expect: 'DATABASE_URL is not one of', apply: (d) => { ctr(d, 'memory-service').env.push({ name: 'DATABASE_URL', value: 'x' }); } },
];
const K8S_PROD_MUTATIONS = [
  { check: 'xref', name: 'prod HPA below two replicas', expect: 'prod needs minReplicas >= 2', apply: (d) => { d.find((x) => x.kind === 'HorizontalPodAutoscaler' && x.metadata.name === 'memory-service').spec.minReplicas = 1; } },
  { check: 'xref', name: 'prod Ingress without TLS', expect: 'has no TLS entry', apply: (d) => { delete d.find((x) => x.kind === 'Ingress' && x.metadata.name === 'insight').spec.tls; } },
];
const TEMPLATE_MUTATIONS = [
  { name: 'a real value in a Secret template', expect: 'has a value', apply: (d) => { d.stringData.DB_PASSWORD = 'hunter2'; } },
];
const COMPOSE_MUTATIONS = {
  'no-healthcheck': { expect: 'compose: redis: no health check', apply: (c) => { delete c.services.redis.healthcheck; } },
  'started-not-healthy': { expect: 'must use condition service_healthy', apply: (c) => { c.services['memory-service'].depends_on.postgres.condition = 'service_started'; } },
  'wrong-env-name': { expect: 'DATABASE_URL is not one of', apply: (c) => { c.services['memory-service'].environment.DATABASE_URL = 'x'; } },
  'upstream-not-a-service': { expect: 'upstream server gateway-1 is not a compose service', apply: (c) => { c.services['gateway-a'] = c.services['gateway-1']; delete c.services['gateway-1']; c.services.nginx.depends_on['gateway-a'] = c.services.nginx.depends_on['gateway-1']; delete c.services.nginx.depends_on['gateway-1']; } },
  'wrong-health-port': { expect: 'health check must probe :8083', apply: (c) => { c.services['file-service'].healthcheck.test = ['CMD', 'curl', '-f', 'http://127.0.0.1:8080/q/health/ready']; } },
  // for docker-compose itself (`config -q` must reject these)
  'undefined-dependency': { apply: (c) => { c.services['chat-service'].depends_on['memory-svc'] = { condition: 'service_healthy' }; } },
  'undeclared-volume': { apply: (c) => { c.services.postgres.volumes[0] = 'pg-data-typo:/var/lib/postgresql/data'; } },
  'misspelt-key': { apply: (c) => { c.services.redis.healthcheck.intervall = '5s'; } },
  'wrong-type': { apply: (c) => { c.services.nginx.ports = 'not-a-list'; } },
};
const DOCKERFILE_MUTATIONS = [
  { name: 'last USER is root', expect: 'the last USER must be non-root', apply: (t) => t.replace(/^USER 185$/m, 'USER root') },
  { name: 'wrong EXPOSE', expect: 'EXPOSE 8082 missing', apply: (t) => t.replace(/^EXPOSE 8082$/m, 'EXPOSE 8080') },
  { name: 'unpinned base', expect: 'needs a fixed tag', apply: (t) => t.replace(/^FROM (\S+):\S+$/m, 'FROM $1') },
  { name: 'sources copied into the image', expect: 'only build output', apply: (t) => t.replace(/^(COPY .*target\/quarkus-app\/app\/.*)$/m, '$1\nCOPY src/ /deployments/src/') },
];

async function selftest(opts) {
  const results = [];
  const run = async (label, expect, fn) => {
    const f = new Findings(label);
    try { await fn(f); } catch (e) { f.fail(`crashed: ${e.stack}`); }
    const matched = f.errors.some((e) => e.includes(expect));
    results.push({ label, ok: matched, detail: matched ? f.errors.find((e) => e.includes(expect)) : (f.errors.length ? `failed for another reason: ${f.errors[0]}` : 'passed although it must fail') });
  };
  const templates = loadTemplates(opts.templates);
  for (const [profile, file, extra] of [['dev', opts.dev, []], ['prod', opts.prod, K8S_PROD_MUTATIONS]]) {
    const original = loadDocs(file);
    // the unmutated input must pass, or the negatives prove nothing
    const base = new Findings('baseline');
    await schemaCheck(original, base, profile);
    xrefCheck(original, { profile, templates }, base);
    if (base.errors.length) { results.push({ label: `${profile}: baseline`, ok: false, detail: `unmutated input fails: ${base.errors[0]}` }); continue; }
    for (const m of [...K8S_MUTATIONS, ...extra]) {
      const docs = clone(original);
      m.apply(docs);
      if (JSON.stringify(docs) === JSON.stringify(original)) { results.push({ label: `${profile}: ${m.name}`, ok: false, detail: 'mutation changed nothing' }); continue; }
      if (m.check === 'schema') {
        await run(`${profile} schema: ${m.name}`, m.expect, (f) => schemaCheck(docs, f, profile));
      } else {
        const s = new Findings('schema');
        await schemaCheck(docs, s, profile);
        if (s.errors.length) { results.push({ label: `${profile} xref: ${m.name}`, ok: false, detail: `mutation is not schema-valid, so it proves nothing about cross-references: ${s.errors[0]}` }); continue; }
        await run(`${profile} xref: ${m.name}`, m.expect, (f) => xrefCheck(docs, { profile, templates }, f));
      }
    }
  }
  for (const m of TEMPLATE_MUTATIONS) {
    await run(`templates: ${m.name}`, m.expect, async (f) => {
      const { mkdtempSync, rmSync } = await import('node:fs');
      const { tmpdir } = await import('node:os');
      const dir = mkdtempSync(join(tmpdir(), 'deploy-checks-templates-'));
      try {
        for (const n of readdirSync(opts.templates)) writeFileSync(join(dir, n), readFileSync(join(opts.templates, n)));
        const docs = loadDocs(join(dir, 'insight-db.yaml'));
        m.apply(docs[0]);
        writeFileSync(join(dir, 'insight-db.yaml'), `# kubectl create secret generic insight-db\n${YAML.stringify(docs[0])}`);
        await templatesCheck(dir, f);
      } finally { rmSync(dir, { recursive: true, force: true }); }
    });
  }
  const compose = YAML.parse(readFileSync(opts.compose, 'utf8'));
  {
    const base = new Findings('baseline');
    composeCheck(compose, { nginxConf: opts.nginx, native: false }, base);
    if (base.errors.length) results.push({ label: 'compose: baseline', ok: false, detail: `unmutated input fails: ${base.errors[0]}` });
  }
  for (const [name, m] of Object.entries(COMPOSE_MUTATIONS).filter(([, m]) => m.expect)) {
    const c = clone(compose);
    m.apply(c);
    await run(`compose xref: ${name}`, m.expect, (f) => composeCheck(c, { nginxConf: opts.nginx, native: false }, f));
  }
  const memJvm = readFileSync(join(opts.root, 'memory-service/src/main/docker/Dockerfile.jvm'), 'utf8');
  {
    const base = new Findings('baseline');
    dockerfileCheck('memory-service', 'jvm', memJvm, base);
    if (base.errors.length) results.push({ label: 'dockerfile: baseline', ok: false, detail: `unmutated input fails: ${base.errors[0]}` });
  }
  for (const m of DOCKERFILE_MUTATIONS) {
    const t = m.apply(memJvm);
    if (t === memJvm) { results.push({ label: `dockerfile: ${m.name}`, ok: false, detail: 'mutation changed nothing' }); continue; }
    await run(`dockerfile: ${m.name}`, m.expect, (f) => dockerfileCheck('memory-service', 'jvm', t, f));
  }
  await run('dockerignore: sources let in', 'lets more than build output', (f) => dockerignoreCheck('memory-service', '*\n!target/quarkus-app/*\n!target/*-runner\n!src/\n', f));

  let failed = 0;
  for (const r of results) {
    if (r.ok) console.log(`  rejected as expected  ${r.label}  <- ${r.detail}`);
    else { failed++; console.log(`  NEGATIVE CASE FAILED  ${r.label}: ${r.detail}`); }
  }
  console.log(`deploy-checks selftest: ${results.length - failed} of ${results.length} broken inputs rejected for the expected reason`);
  return failed === 0;
}

// ---------------------------------------------------------------------------------------------------------
// CLI

function args(argv) {
  const out = { _: [] };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i].startsWith('--')) {
      const k = argv[i].slice(2);
      if (i + 1 < argv.length && !argv[i + 1].startsWith('--')) out[k] = argv[++i]; else out[k] = true;
    } else out._.push(argv[i]);
  }
  return out;
}
function report(f, what) {
  if (f.errors.length) {
    for (const e of f.errors) console.log(`  FAIL ${e}`);
    console.log(`${what}: ${f.errors.length} problem(s) in ${f.checked} assertions`);
    return false;
  }
  console.log(`${what}: ${f.checked} assertions passed`);
  return true;
}

const [cmd, ...rest] = process.argv.slice(2);
const a = args(rest);
let ok = false;
switch (cmd) {
  case 'schema': {
    const f = new Findings('schema');
    let n = 0;
    for (const file of a._) { const docs = loadDocs(file); n += docs.length; await schemaCheck(docs, f, file); }
    ok = report(f, `schema (${n} documents in ${a._.join(', ')})`);
    break;
  }
  case 'xref': {
    const f = new Findings('xref');
    xrefCheck(loadDocs(a._[0]), { profile: a.profile, templates: loadTemplates(a.templates) }, f);
    ok = report(f, `cross-references (${a.profile}: ${a._[0]})`);
    break;
  }
  case 'templates': {
    const f = new Findings('templates');
    await templatesCheck(a._[0], f);
    ok = report(f, `secret templates (${a._[0]})`);
    break;
  }
  case 'compose': {
    const f = new Findings('compose');
    composeCheck(YAML.parse(readFileSync(a._[0], 'utf8')), { nginxConf: a.nginx, native: !!a.native }, f);
    ok = report(f, `compose cross-references (${a.native ? 'native' : 'jvm'})`);
    break;
  }
  case 'dockerfiles': {
    const f = new Findings('dockerfiles');
    dockerfilesCheck(a._[0], f);
    ok = report(f, 'Dockerfiles and .dockerignore');
    break;
  }
  case 'selftest':
    ok = await selftest(a);
    break;
  case 'mutate-compose': {
    const [name, input, output] = a._;
    const m = COMPOSE_MUTATIONS[name];
    if (!m) { console.error(`unknown compose mutation ${name}`); process.exit(2); }
    // merges and aliases resolved: the copy is the same compose file, spelt out, with one thing broken
    const c = YAML.parse(readFileSync(input, 'utf8'), { merge: true, maxAliasCount: -1 });
    const before = JSON.stringify(c);
    m.apply(c);
    if (JSON.stringify(c) === before) { console.error(`mutation ${name} changed nothing`); process.exit(2); }
    // YAML 1.1 output, as docker-compose reads it ("no" and "yes" stay strings)
    const after = YAML.stringify(c, { aliasDuplicateObjects: false, version: '1.1' });
    writeFileSync(output, after);
    ok = true;
    break;
  }
  default:
    console.error('usage: deploy-checks.mjs schema|xref|templates|compose|dockerfiles|selftest|mutate-compose ...');
    process.exit(2);
}
process.exit(ok ? 0 : 1);
