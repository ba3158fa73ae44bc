// Builds the Keycloak realm (realm-onenet.json) and the demo users (demo-users.json) from the
// tenant tree (tenants.json) and the definitions below, so the tree lives in exactly one place.
//
//   npx node infra/keycloak/generate.ts           rewrite both JSON files
//   npx node infra/keycloak/generate.ts --check   exit 1 when a committed file is stale
//
// Keycloak traps this file avoids on purpose (each fails at runtime, not at import):
// - A realm that declares `clientScopes` gets none of Keycloak's built-in scopes, so `basic`
//   (the access token's `sub`), `roles` (realm_access) and the rest are declared here.
// - Keycloak 24+ keeps only user attributes its user profile declares, so tenant_code,
//   tenant_path, deputy_id and unit_id are declared in the profile (admin-editable only).
// - Imported passwords are temporary unless `temporary: false`.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

import { TenantDirectory, parseTenantTree, type TenantNode } from '@onenet/tenancy';

export const REALM = 'onenet';
export const DEMO_PASSWORD = 'demo';
const here = (name: string) => fileURLToPath(new URL(name, import.meta.url));
export const TENANTS_FILE = here('./tenants.json');
export const REALM_FILE = here(`./realm-${REALM}.json`);
export const DEMO_USERS_FILE = here('./demo-users.json');

// ---------------------------------------------------------------------------------- roles
export const REALM_ROLES: ReadonlyArray<{ name: string; description: string }> = [
  { name: 'deputy', description: '人大代表：提交建议、登记履职活动、查看本人履职情况' },
  { name: 'liaison', description: '代表联络员／乡镇人大干部：管理代表小组或联络站，记录履职活动' },
  { name: 'staff', description: '选举联络工作委员会（选联工委）工作人员：登记、交办、督办代表建议，管理代表名册' },
  { name: 'leader', description: '人大常委会领导：领衔督办重点建议，查看统计看板' },
  { name: 'handler', description: '承办单位（一府一委两院）工作人员：签收、办理、答复代表建议' },
  { name: 'finance', description: '财政部门数据专员：上传预算、指标与国库支付数据' },
  { name: 'admin', description: '本级租户管理员' },
];
const DEFAULT_ROLE = `default-roles-${REALM}`;

// --------------------------------------------------------------------------- client scopes
type Config = Record<string, string>;
interface Mapper { name: string; protocol: 'openid-connect'; protocolMapper: string; consentRequired: false; config: Config }
const mapper = (name: string, protocolMapper: string, config: Config): Mapper => ({
  name, protocol: 'openid-connect', protocolMapper, consentRequired: false, config,
});
const everywhere = {
  'access.token.claim': 'true', 'id.token.claim': 'true', 'userinfo.token.claim': 'true', 'introspection.token.claim': 'true',
};
const userAttribute = (attribute: string, claim: string, jsonType = 'String') =>
  mapper(claim, 'oidc-usermodel-attribute-mapper', {
    ...everywhere, 'user.attribute': attribute, 'claim.name': claim, 'jsonType.label': jsonType,
    multivalued: 'false', 'aggregate.attrs': 'false',
  });
const hidden = { 'include.in.token.scope': 'false', 'display.on.consent.screen': 'false' };

export const TENANCY_SCOPE = 'onenet-tenancy';
export const API_AUDIENCE = 'onenet-api';

const CLIENT_SCOPES = [
  {
    name: 'basic', description: 'OpenID Connect scope for add all basic claims to the token', protocol: 'openid-connect',
    attributes: hidden,
    protocolMappers: [
      mapper('sub', 'oidc-sub-mapper', { 'access.token.claim': 'true', 'introspection.token.claim': 'true' }),
      mapper('auth_time', 'oidc-usersessionmodel-note-mapper', {
        ...everywhere, 'user.session.note': 'AUTH_TIME', 'claim.name': 'auth_time', 'jsonType.label': 'long',
      }),
    ],
  },
  {
    name: 'acr', description: 'OpenID Connect scope for add acr (authentication context class reference) to the token',
    protocol: 'openid-connect', attributes: hidden,
    protocolMappers: [mapper('acr loa level', 'oidc-acr-mapper', {
      'access.token.claim': 'true', 'id.token.claim': 'true', 'introspection.token.claim': 'true',
    })],
  },
  {
    name: 'profile', description: 'OpenID Connect built-in scope: profile', protocol: 'openid-connect',
    attributes: { 'include.in.token.scope': 'true', 'display.on.consent.screen': 'true', 'consent.screen.text': '${profileScopeConsentText}' },
    protocolMappers: [
      userAttribute('username', 'preferred_username'),
      // No Keycloak "full name" mapper: it writes "given family" with a space (志强 黎), wrong
      // for Chinese names. Show family_name + given_name (黎志强) instead.
      userAttribute('firstName', 'given_name'),
      userAttribute('lastName', 'family_name'),
    ],
  },
  {
    name: 'email', description: 'OpenID Connect built-in scope: email', protocol: 'openid-connect',
    attributes: { 'include.in.token.scope': 'true', 'display.on.consent.screen': 'true', 'consent.screen.text': '${emailScopeConsentText}' },
    protocolMappers: [
      userAttribute('email', 'email'),
      mapper('email verified', 'oidc-usermodel-property-mapper', {
        ...everywhere, 'user.attribute': 'emailVerified', 'claim.name': 'email_verified', 'jsonType.label': 'boolean',
      }),
    ],
  },
  {
    name: 'roles', description: 'OpenID Connect scope for add user roles to the access token', protocol: 'openid-connect',
    attributes: { 'include.in.token.scope': 'false', 'display.on.consent.screen': 'true', 'consent.screen.text': '${rolesScopeConsentText}' },
    protocolMappers: [
      mapper('realm roles', 'oidc-usermodel-realm-role-mapper', {
        'access.token.claim': 'true', 'introspection.token.claim': 'true',
        'claim.name': 'realm_access.roles', 'jsonType.label': 'String', multivalued: 'true', 'user.attribute': 'foo',
      }),
      mapper('client roles', 'oidc-usermodel-client-role-mapper', {
        'access.token.claim': 'true', 'introspection.token.claim': 'true',
        'claim.name': 'resource_access.${client_id}.roles', 'jsonType.label': 'String', multivalued: 'true', 'user.attribute': 'foo',
      }),
      mapper('audience resolve', 'oidc-audience-resolve-mapper', { 'access.token.claim': 'true', 'introspection.token.claim': 'true' }),
    ],
  },
  {
    name: 'web-origins', description: 'OpenID Connect scope for add allowed web origins to the access token',
    protocol: 'openid-connect', attributes: hidden,
    protocolMappers: [mapper('allowed web origins', 'oidc-allowed-origins-mapper', {
      'access.token.claim': 'true', 'introspection.token.claim': 'true',
    })],
  },
  {
    name: 'offline_access', description: 'OpenID Connect built-in scope: offline_access', protocol: 'openid-connect',
    attributes: { 'consent.screen.text': '${offlineAccessScopeConsentText}', 'display.on.consent.screen': 'true' },
  },
  {
    // The platform's own claims. Attached to every client by default, so every token carries them.
    name: TENANCY_SCOPE,
    description: '代表履职一张网：租户、代表与承办单位声明 (tenant, deputy and unit claims; onenet-api audience)',
    protocol: 'openid-connect', attributes: hidden,
    protocolMappers: [
      userAttribute('tenant_code', 'tenant_code'),
      userAttribute('tenant_path', 'tenant_path'),
      userAttribute('deputy_id', 'deputy_id'),
      userAttribute('unit_id', 'unit_id'),
      mapper('groups', 'oidc-group-membership-mapper', { ...everywhere, 'claim.name': 'groups', 'full.path': 'true' }),
      mapper(`audience ${API_AUDIENCE}`, 'oidc-audience-mapper', {
        'included.client.audience': API_AUDIENCE, 'access.token.claim': 'true', 'id.token.claim': 'false',
        'introspection.token.claim': 'true', 'lightweight.claim': 'false',
      }),
    ],
  },
];
const DEFAULT_SCOPES = ['basic', 'acr', 'profile', 'roles', 'web-origins', TENANCY_SCOPE];
const OPTIONAL_SCOPES = ['email', 'offline_access'];

// --------------------------------------------------------------------------------- clients
const PORTAL_ORIGIN = 'http://localhost:8080';
export const MOBILE_REDIRECT_URI = 'cn.onenet.app:/oauth2redirect';

const publicClient = (clientId: string, name: string, description: string) => ({
  clientId, name, description, enabled: true, protocol: 'openid-connect',
  publicClient: true, bearerOnly: false, consentRequired: false,
  standardFlowEnabled: false, implicitFlowEnabled: false, directAccessGrantsEnabled: false,
  serviceAccountsEnabled: false, frontchannelLogout: true, fullScopeAllowed: true,
  defaultClientScopes: DEFAULT_SCOPES, optionalClientScopes: OPTIONAL_SCOPES,
});

const CLIENTS = [
  {
    ...publicClient('portal', '代表履职一张网门户 One Network portal', '浏览器门户：授权码 + PKCE (S256)'),
    standardFlowEnabled: true,
    rootUrl: PORTAL_ORIGIN, baseUrl: '/',
    redirectUris: [`${PORTAL_ORIGIN}/*`],
    webOrigins: [PORTAL_ORIGIN],
    attributes: { 'pkce.code.challenge.method': 'S256', 'post.logout.redirect.uris': `${PORTAL_ORIGIN}/*` },
  },
  {
    ...publicClient('mobile', '代表履职一张网移动端 One Network mobile', '移动应用：授权码 + PKCE (S256)，自定义 scheme 回调'),
    standardFlowEnabled: true,
    redirectUris: [MOBILE_REDIRECT_URI],
    webOrigins: [],
    attributes: { 'pkce.code.challenge.method': 'S256', 'post.logout.redirect.uris': MOBILE_REDIRECT_URI },
  },
  {
    ...publicClient('cli', '脚本与测试 Scripts and tests', '直接授权（密码模式），仅供脚本和自动化测试使用'),
    directAccessGrantsEnabled: true,
    redirectUris: [], webOrigins: [], attributes: {},
  },
  {
    clientId: API_AUDIENCE, name: '代表履职一张网接口 One Network API', description: '资源服务器：只校验访问令牌 (bearer-only audience)',
    enabled: true, protocol: 'openid-connect', publicClient: false, bearerOnly: true, consentRequired: false,
    standardFlowEnabled: false, implicitFlowEnabled: false, directAccessGrantsEnabled: false, serviceAccountsEnabled: false,
    fullScopeAllowed: false, redirectUris: [], webOrigins: [], attributes: {},
    defaultClientScopes: [], optionalClientScopes: [],
  },
];

// ---------------------------------------------------------------------------- user profile
const adminOnly = { view: ['admin', 'user'], edit: ['admin'] };
const userEditable = { view: ['admin', 'user'], edit: ['admin', 'user'] };
const USER_PROFILE = {
  attributes: [
    { name: 'username', displayName: '${username}', validations: { length: { min: 3, max: 255 }, 'username-prohibited-characters': {}, 'up-username-not-idn-homograph': {} }, permissions: userEditable, multivalued: false },
    // Not required: many deputies have no e-mail address, and a required one would stop their first login.
    { name: 'email', displayName: '${email}', validations: { email: {}, length: { max: 255 } }, permissions: userEditable, multivalued: false },
    { name: 'firstName', displayName: '${firstName}', validations: { length: { max: 255 }, 'person-name-prohibited-characters': {} }, required: { roles: ['user'] }, permissions: userEditable, multivalued: false },
    { name: 'lastName', displayName: '${lastName}', validations: { length: { max: 255 }, 'person-name-prohibited-characters': {} }, required: { roles: ['user'] }, permissions: userEditable, multivalued: false },
    { name: 'tenant_code', displayName: '租户代码 Tenant code', group: 'onenet', validations: { pattern: { pattern: '^\\d{6}(\\d{3})?$', 'error-message': '租户代码为6位或9位区划代码' } }, permissions: adminOnly, multivalued: false },
    { name: 'tenant_path', displayName: '租户路径 Tenant path', group: 'onenet', validations: { pattern: { pattern: '^\\d{6}(/\\d{6,9})*$', 'error-message': '租户路径形如 450000/451100/451102' } }, permissions: adminOnly, multivalued: false },
    { name: 'deputy_id', displayName: '代表编号 Deputy id', group: 'onenet', validations: { length: { max: 64 } }, permissions: adminOnly, multivalued: false },
    { name: 'unit_id', displayName: '单位编号 Unit id', group: 'onenet', validations: { length: { max: 64 } }, permissions: adminOnly, multivalued: false },
  ],
  groups: [
    { name: 'user-metadata', displayHeader: 'User metadata', displayDescription: 'Attributes, which refer to user metadata' },
    { name: 'onenet', displayHeader: '代表履职一张网 One Network', displayDescription: '租户、代表与单位关联 Tenant, deputy and unit links' },
  ],
};

// -------------------------------------------------------------------------------- groups
interface GroupRepresentation {
  name: string;
  path: string;
  attributes: { code: [string]; kind: [string] };
  subGroups: GroupRepresentation[];
}
function toGroup(node: TenantNode, parentPath: string): GroupRepresentation {
  const path = `${parentPath}/${node.name}`;
  return {
    name: node.name,
    path,
    attributes: { code: [node.code], kind: [node.kind] },
    subGroups: (node.children ?? []).map((child) => toGroup(child, path)),
  };
}

/** Keycloak's full group path of a tenant, e.g. "/广西壮族自治区/贺州市/八步区". */
export function groupPathOf(directory: TenantDirectory, code: string): string {
  const chain = [...directory.ancestors(code), directory.require(code)];
  return chain.map((t) => `/${t.name}`).join('');
}

// --------------------------------------------------------------------------------- realm
export function buildRealm(tree: TenantNode) {
  return {
    realm: REALM,
    displayName: '代表履职一张网',
    enabled: true,
    sslRequired: 'external',
    registrationAllowed: false,
    loginWithEmailAllowed: false,
    duplicateEmailsAllowed: false,
    resetPasswordAllowed: false,
    editUsernameAllowed: false,
    rememberMe: false,
    bruteForceProtected: true,
    // Keycloak ≥ 26.4 also answers to zh-Hans; zh-CN stays supported for compatibility.
    internationalizationEnabled: true,
    supportedLocales: ['zh-CN', 'en'],
    defaultLocale: 'zh-CN',
    defaultSignatureAlgorithm: 'RS256',
    accessTokenLifespan: 300,
    accessCodeLifespan: 60,
    accessCodeLifespanLogin: 1800,
    ssoSessionIdleTimeout: 1800,
    ssoSessionMaxLifespan: 36000,
    revokeRefreshToken: false,
    roles: {
      realm: [
        ...REALM_ROLES.map((r) => ({ ...r, composite: false, clientRole: false })),
        { name: 'offline_access', description: '${role_offline-access}', composite: false, clientRole: false },
        { name: 'uma_authorization', description: '${role_uma_authorization}', composite: false, clientRole: false },
        {
          name: DEFAULT_ROLE, description: '${role_default-roles}', composite: true, clientRole: false,
          composites: { realm: ['offline_access', 'uma_authorization'] },
        },
      ],
    },
    defaultRole: { name: DEFAULT_ROLE, description: '${role_default-roles}', composite: true, clientRole: false },
    groups: [toGroup(tree, '')],
    clientScopes: CLIENT_SCOPES,
    defaultDefaultClientScopes: DEFAULT_SCOPES,
    defaultOptionalClientScopes: OPTIONAL_SCOPES,
    scopeMappings: [{ clientScope: 'offline_access', roles: ['offline_access'] }],
    clients: CLIENTS,
    components: {
      'org.keycloak.userprofile.UserProfileProvider': [{
        providerId: 'declarative-user-profile',
        subComponents: {},
        config: { 'kc.user.profile.config': [JSON.stringify(USER_PROFILE)] },
      }],
    },
  };
}

// ---------------------------------------------------------------------------- demo users
export interface DemoUnit { id: string; name: string; tenant: string }
export const DEMO_UNITS = {
  babuHousing: { id: '6fab4f01-eb5e-4f67-9120-23bd806f9951', name: '八步区住房和城乡建设局', tenant: '451102' },
  babuFinance: { id: '80055608-39b6-4733-bd5c-56a2b912c509', name: '八步区财政局', tenant: '451102' },
  hezhouFinance: { id: 'fdd3be3e-30f0-4287-952f-781865747687', name: '贺州市财政局', tenant: '451100' },
  hejieGovernment: { id: 'bdba71ab-a6a1-419d-af8c-d428a171bb03', name: '贺街镇人民政府', tenant: '451102101' },
} satisfies Record<string, DemoUnit>;

export interface DemoUser {
  id: string;
  username: string;
  lastName: string;
  firstName: string;
  /** The tenant the user acts for; a person with several seats acts for the highest one. */
  tenant: string;
  roles: string[];
  /** Further tenants the user belongs to (e.g. a county seat besides a city seat). */
  alsoIn?: string[];
  deputyId?: string;
  unit?: DemoUnit;
  /** What the user is for, shown in README.md and on the dev login page. */
  note: string;
}

// Fictional people. Ids are fixed so tokens, seeds and tests can refer to them.
export const DEMO_USERS: DemoUser[] = [
  { id: 'aa398654-62b1-4525-b30d-70ddcf48d92b', username: 'gx-leader', lastName: '韦', firstName: '振华', tenant: '450000', roles: ['leader'], note: '自治区人大常委会领导 region leader' },
  { id: '5af72392-e86e-4368-a1fc-49949a653e69', username: 'gx-staff', lastName: '覃', firstName: '秀兰', tenant: '450000', roles: ['staff'], note: '自治区选联工委工作人员 region staff' },
  { id: '8b1227d4-ef1d-4c1a-8e20-d92382717211', username: 'gx-admin', lastName: '黄', firstName: '立新', tenant: '450000', roles: ['admin'], note: '自治区租户管理员 region admin' },
  { id: '577909ba-9f00-4d6e-86f9-0944b8963984', username: 'hz-leader', lastName: '莫', firstName: '国栋', tenant: '451100', roles: ['leader'], note: '贺州市人大常委会领导 city leader' },
  { id: '3ee69f03-791a-49ff-b14d-ce458575a23f', username: 'hz-staff', lastName: '李', firstName: '红梅', tenant: '451100', roles: ['staff'], note: '贺州市选联工委工作人员 city staff' },
  { id: 'aa38b453-4e37-41ba-847e-561fef8190fc', username: 'hz-admin', lastName: '陈', firstName: '建平', tenant: '451100', roles: ['admin'], note: '贺州市租户管理员 city admin' },
  { id: 'f53f2535-a477-4295-9b24-a9e5115cdf04', username: 'hz-finance', lastName: '梁', firstName: '文静', tenant: '451100', roles: ['finance'], unit: DEMO_UNITS.hezhouFinance, note: '贺州市财政局数据专员 city finance officer' },
  {
    id: '027c7b71-85f3-4b2d-92cf-48ff4e401ebd', username: 'hz-deputy', lastName: '钟', firstName: '明远', tenant: '451100', alsoIn: ['451102'],
    roles: ['deputy'], deputyId: 'ce7bc5d7-0748-4a3b-a824-f5f4e50ee470', note: '贺州市人大代表兼八步区人大代表（一个账号两个席位） deputy with a city and a county seat',
  },
  { id: 'ff9af710-81df-4f2b-90c5-ac18fd1976c6', username: 'bb-staff', lastName: '邓', firstName: '晓燕', tenant: '451102', roles: ['staff'], note: '八步区选联工委工作人员 county staff' },
  { id: 'f114a926-ec99-4042-b858-36e78fd2e656', username: 'bb-handler', lastName: '黎', firstName: '志强', tenant: '451102', roles: ['handler'], unit: DEMO_UNITS.babuHousing, note: '八步区住房和城乡建设局承办人 county handler' },
  { id: '47899e86-a57f-42e8-a66b-31fdbfe08f69', username: 'bb-finance', lastName: '罗', firstName: '丽娟', tenant: '451102', roles: ['finance'], unit: DEMO_UNITS.babuFinance, note: '八步区财政局数据专员 county finance officer' },
  { id: '0b098661-3499-4bfe-82f3-5848733f6ba3', username: 'pg-staff', lastName: '蒙', firstName: '海涛', tenant: '451103', roles: ['staff'], note: '平桂区选联工委工作人员（八步区的兄弟县区） staff of a sibling county' },
  { id: '54d6f0de-54fa-4701-837a-037d3046d321', username: 'hejie-deputy', lastName: '廖', firstName: '春花', tenant: '451102101', roles: ['deputy'], deputyId: 'a7d0ef91-59d7-4feb-940b-1aac33f4039d', note: '贺街镇人大代表 township deputy' },
  { id: 'dd6dc9e1-2e09-40e9-886a-d24180156744', username: 'hejie-deputy2', lastName: '莫', firstName: '德清', tenant: '451102101', roles: ['deputy'], deputyId: '588d0262-d4f3-4546-b3f3-fc9e53fc91c3', note: '贺街镇人大代表（联名附议） township deputy who co-signs' },
  // A township deputy's suggestion goes to the township congress (the seat's congress), whose own
  // staff register and assign it to a handling unit of that township: these two make that work.
  { id: '8d807cd4-0955-498b-b7d7-bc4e410a0dc8', username: 'hejie-staff', lastName: '韦', firstName: '丽萍', tenant: '451102101', roles: ['staff'], note: '贺街镇人大主席团工作人员 township staff' },
  { id: '1b855212-5e80-46a9-bda6-594b8fad5c10', username: 'hejie-handler', lastName: '潘', firstName: '建国', tenant: '451102101', roles: ['handler'], unit: DEMO_UNITS.hejieGovernment, note: '贺街镇人民政府承办人 township handler' },
  { id: '1ee434b7-8edc-4bac-904b-fb72c9fce259', username: 'hejie-liaison', lastName: '周', firstName: '永福', tenant: '451102101', roles: ['liaison'], note: '贺街镇人大干部／代表联络员 township liaison' },
];

export function buildDemoUsers(tree: TenantNode) {
  const directory = new TenantDirectory(tree);
  return {
    realm: REALM,
    users: DEMO_USERS.map((u) => ({
      id: u.id,
      username: u.username,
      enabled: true,
      emailVerified: false,
      firstName: u.firstName,
      lastName: u.lastName,
      attributes: {
        tenant_code: [u.tenant],
        tenant_path: [directory.pathOf(u.tenant)],
        ...(u.deputyId ? { deputy_id: [u.deputyId] } : {}),
        ...(u.unit ? { unit_id: [u.unit.id] } : {}),
      },
      credentials: [{ type: 'password', value: DEMO_PASSWORD, temporary: false }],
      requiredActions: [],
      realmRoles: [DEFAULT_ROLE, ...u.roles],
      groups: [u.tenant, ...(u.alsoIn ?? [])].map((code) => groupPathOf(directory, code)),
    })),
  };
}

// ---------------------------------------------------------------------------------- files
export const renderJson = (value: unknown): string => `${JSON.stringify(value, null, 2)}\n`;

export function readTenantTree(file: string = TENANTS_FILE): TenantNode {
  return parseTenantTree(JSON.parse(readFileSync(file, 'utf8')));
}

/** The generated files and their expected content. */
export function expectedFiles(tree: TenantNode = readTenantTree()): Array<{ file: string; content: string }> {
  return [
    { file: REALM_FILE, content: renderJson(buildRealm(tree)) },
    { file: DEMO_USERS_FILE, content: renderJson(buildDemoUsers(tree)) },
  ];
}

if (import.meta.main) {
  const check = process.argv.includes('--check');
  let stale = 0;
  for (const { file, content } of expectedFiles()) {
    let current = '';
    try {
      current = readFileSync(file, 'utf8');
    } catch {
      // missing counts as stale
    }
    if (current === content) continue;
    if (check) {
      stale += 1;
      console.error(`stale: ${file} (run: npx node infra/keycloak/generate.ts)`);
    } else {
      writeFileSync(file, content);
      console.warn(`wrote ${file}`);
    }
  }
  process.exitCode = stale > 0 ? 1 : 0;
}
