// The custom resources of the engines, declared for the strict validator (tools/k8s-schema.ts).
//
// No npm package carries the CRDs of CloudNativePG (postgresql.cnpg.io/v1), its Barman Cloud
// plugin (barmancloud.cnpg.io/v1) or the Keycloak Operator (k8s.keycloak.org/v2alpha1), so their
// schemas cannot be loaded here. What is declared below is a subset of each CRD, written from the
// operators' API types (CloudNativePG 1.27 api/v1, plugin-barman-cloud 0.6+ api/v1, Keycloak 26
// operator): every field the engines chart uses, with its type and enum values. A field not
// declared is an error, so a typo or a field from another version fails here; a field the real
// CRD has but this subset lacks fails too, and must be added (from the CRD) before it is used.
// Embedded Kubernetes types (metadata, resources, secret references) are checked against the
// Kubernetes v1.34 API; a KeycloakRealmImport's realm body is Keycloak's RealmRepresentation,
// checked by Keycloak at import, not here.
import { defineKind, defineModel } from './k8s-schema.ts';

const object = (kind: string, spec: string) => ({ apiVersion: 'string!', kind: 'string!', metadata: 'V1ObjectMeta!', spec: `${spec}!` });

// ------------------------------------------------------------------ CloudNativePG (postgresql.cnpg.io/v1)
defineModel('CnpgLocalObjectReference', { name: 'string!' });
defineModel('CnpgSecretKeySelector', { name: 'string!', key: 'string!' });
defineModel('CnpgSynchronous', {
  method: 'enum:any|first!',
  number: 'number!',
  maxStandbyNamesFromCluster: 'number',
  standbyNamesPre: 'Array<string>',
  standbyNamesPost: 'Array<string>',
  dataDurability: 'enum:required|preferred',
  failoverQuorum: 'boolean',
});
defineModel('CnpgPostgresConfiguration', {
  parameters: '{ [key: string]: string; }',
  pg_hba: 'Array<string>',
  pg_ident: 'Array<string>',
  synchronous: 'CnpgSynchronous',
  shared_preload_libraries: 'Array<string>',
});
defineModel('CnpgInitdb', {
  database: 'string',
  owner: 'string',
  secret: 'CnpgLocalObjectReference',
  encoding: 'string',
  localeCollate: 'string',
  localeCType: 'string',
  locale: 'string',
  localeProvider: 'string',
  dataChecksums: 'boolean',
  walSegmentSize: 'number',
  postInitSQL: 'Array<string>',
  postInitApplicationSQL: 'Array<string>',
});
defineModel('CnpgBootstrap', { initdb: 'CnpgInitdb', recovery: 'any', pg_basebackup: 'any' });
defineModel('CnpgStorage', { size: 'string', storageClass: 'string', resizeInUseVolumes: 'boolean', pvcTemplate: 'V1PersistentVolumeClaimSpec' });
defineModel('CnpgAffinity', {
  enablePodAntiAffinity: 'boolean',
  topologyKey: 'string',
  podAntiAffinityType: 'enum:preferred|required',
  nodeSelector: '{ [key: string]: string; }',
  tolerations: 'Array<V1Toleration>',
  nodeAffinity: 'V1NodeAffinity',
  additionalPodAntiAffinity: 'V1PodAntiAffinity',
  additionalPodAffinity: 'V1PodAffinity',
});
defineModel('CnpgRole', {
  name: 'string!',
  comment: 'string',
  ensure: 'enum:present|absent',
  passwordSecret: 'CnpgLocalObjectReference',
  connectionLimit: 'number',
  validUntil: 'string',
  inRoles: 'Array<string>',
  inherit: 'boolean',
  disablePassword: 'boolean',
  superuser: 'boolean',
  createdb: 'boolean',
  createrole: 'boolean',
  login: 'boolean',
  replication: 'boolean',
  bypassrls: 'boolean',
});
defineModel('CnpgManaged', { roles: 'Array<CnpgRole>' });
defineModel('CnpgPluginConfiguration', { name: 'string!', enabled: 'boolean', isWALArchiver: 'boolean', parameters: '{ [key: string]: string; }' });
defineModel('CnpgClusterSpec', {
  description: 'string',
  instances: 'number!',
  imageName: 'string',
  imageCatalogRef: 'any',
  primaryUpdateStrategy: 'enum:unsupervised|supervised',
  primaryUpdateMethod: 'enum:switchover|restart',
  enableSuperuserAccess: 'boolean',
  postgresql: 'CnpgPostgresConfiguration',
  bootstrap: 'CnpgBootstrap',
  storage: 'CnpgStorage',
  walStorage: 'CnpgStorage',
  resources: 'V1ResourceRequirements',
  affinity: 'CnpgAffinity',
  managed: 'CnpgManaged',
  plugins: 'Array<CnpgPluginConfiguration>',
  minSyncReplicas: 'number',
  maxSyncReplicas: 'number',
  startDelay: 'number',
  stopDelay: 'number',
  switchoverDelay: 'number',
  failoverDelay: 'number',
  smartShutdownTimeout: 'number',
  env: 'Array<V1EnvVar>',
  topologySpreadConstraints: 'Array<V1TopologySpreadConstraint>',
});
defineModel('CnpgCluster', object('Cluster', 'CnpgClusterSpec'));
defineKind('postgresql.cnpg.io/v1', 'Cluster', 'CnpgCluster');

defineModel('CnpgPgBouncer', {
  poolMode: 'enum:session|transaction',
  parameters: '{ [key: string]: string; }',
  pg_hba: 'Array<string>',
  authQuerySecret: 'CnpgLocalObjectReference',
  authQuery: 'string',
  paused: 'boolean',
});
defineModel('CnpgPoolerSpec', {
  cluster: 'CnpgLocalObjectReference!',
  type: 'enum:rw|ro|r',
  instances: 'number',
  template: 'V1PodTemplateSpec',
  pgbouncer: 'CnpgPgBouncer!',
  deploymentStrategy: 'V1DeploymentStrategy',
  serviceTemplate: 'any',
});
defineModel('CnpgPooler', object('Pooler', 'CnpgPoolerSpec'));
defineKind('postgresql.cnpg.io/v1', 'Pooler', 'CnpgPooler');

defineModel('CnpgScheduledBackupSpec', {
  schedule: 'string!',
  cluster: 'CnpgLocalObjectReference!',
  suspend: 'boolean',
  immediate: 'boolean',
  backupOwnerReference: 'enum:none|self|cluster',
  target: 'enum:primary|prefer-standby',
  method: 'enum:barmanObjectStore|volumeSnapshot|plugin',
  online: 'boolean',
  pluginConfiguration: 'CnpgPluginConfiguration',
});
defineModel('CnpgScheduledBackup', object('ScheduledBackup', 'CnpgScheduledBackupSpec'));
defineKind('postgresql.cnpg.io/v1', 'ScheduledBackup', 'CnpgScheduledBackup');

defineModel('CnpgDatabaseSpec', {
  cluster: 'CnpgLocalObjectReference!',
  name: 'string!',
  owner: 'string!',
  ensure: 'enum:present|absent',
  template: 'string',
  encoding: 'string',
  databaseReclaimPolicy: 'enum:delete|retain',
  extensions: 'Array<any>',
  schemas: 'Array<any>',
});
defineModel('CnpgDatabase', object('Database', 'CnpgDatabaseSpec'));
defineKind('postgresql.cnpg.io/v1', 'Database', 'CnpgDatabase');

// ----------------------------------------------------- Barman Cloud plugin (barmancloud.cnpg.io/v1)
defineModel('BarmanS3Credentials', {
  accessKeyId: 'CnpgSecretKeySelector',
  secretAccessKey: 'CnpgSecretKeySelector',
  region: 'CnpgSecretKeySelector',
  sessionToken: 'CnpgSecretKeySelector',
  inheritFromIAMRole: 'boolean',
});
defineModel('BarmanWal', { compression: 'enum:bzip2|gzip|lz4|snappy|xz|zstd', encryption: 'string', maxParallel: 'number', archiveAdditionalCommandArgs: 'Array<string>' });
defineModel('BarmanData', { compression: 'enum:bzip2|gzip|lz4|snappy|xz|zstd', encryption: 'string', jobs: 'number', immediateCheckpoint: 'boolean' });
defineModel('BarmanConfiguration', {
  destinationPath: 'string!',
  endpointURL: 'string',
  endpointCA: 'CnpgSecretKeySelector',
  s3Credentials: 'BarmanS3Credentials',
  wal: 'BarmanWal',
  data: 'BarmanData',
  tags: '{ [key: string]: string; }',
  historyTags: '{ [key: string]: string; }',
});
defineModel('BarmanObjectStoreSpec', { configuration: 'BarmanConfiguration!', retentionPolicy: 'string', instanceSidecarConfiguration: 'any' });
defineModel('BarmanObjectStore', object('ObjectStore', 'BarmanObjectStoreSpec'));
defineKind('barmancloud.cnpg.io/v1', 'ObjectStore', 'BarmanObjectStore');

// ----------------------------------------------------------- Keycloak Operator (k8s.keycloak.org/v2alpha1)
defineModel('KeycloakDb', {
  vendor: 'string!',
  host: 'string',
  port: 'number',
  database: 'string',
  schema: 'string',
  url: 'string',
  usernameSecret: 'V1SecretKeySelector',
  passwordSecret: 'V1SecretKeySelector',
  poolInitialSize: 'number',
  poolMinSize: 'number',
  poolMaxSize: 'number',
});
defineModel('KeycloakHostname', { hostname: 'string', admin: 'string', strict: 'boolean', backchannelDynamic: 'boolean' });
defineModel('KeycloakHttp', { httpEnabled: 'boolean', httpPort: 'number', httpsPort: 'number', tlsSecret: 'string' });
defineModel('KeycloakProxy', { headers: 'enum:forwarded|xforwarded' });
defineModel('KeycloakIngress', { enabled: 'boolean', className: 'string', tlsSecret: 'string', annotations: '{ [key: string]: string; }' });
defineModel('KeycloakOption', { name: 'string!', value: 'string', secret: 'V1SecretKeySelector' });
defineModel('KeycloakFeatures', { enabled: 'Array<string>', disabled: 'Array<string>' });
defineModel('KeycloakSpec', {
  instances: 'number',
  image: 'string',
  imagePullSecrets: 'Array<V1LocalObjectReference>',
  startOptimized: 'boolean',
  db: 'KeycloakDb',
  hostname: 'KeycloakHostname',
  http: 'KeycloakHttp',
  proxy: 'KeycloakProxy',
  ingress: 'KeycloakIngress',
  resources: 'V1ResourceRequirements',
  additionalOptions: 'Array<KeycloakOption>',
  features: 'KeycloakFeatures',
});
defineModel('Keycloak', object('Keycloak', 'KeycloakSpec'));
defineKind('k8s.keycloak.org/v2alpha1', 'Keycloak', 'Keycloak');

defineModel('KeycloakRealmImportSpec', { keycloakCRName: 'string!', realm: 'any!', placeholders: 'any', resources: 'V1ResourceRequirements' });
defineModel('KeycloakRealmImport', object('KeycloakRealmImport', 'KeycloakRealmImportSpec'));
defineKind('k8s.keycloak.org/v2alpha1', 'KeycloakRealmImport', 'KeycloakRealmImport');
