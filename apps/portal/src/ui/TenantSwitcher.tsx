import { TreeSelect } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useAuth } from '../auth/AuthContext.tsx';
import { tenants } from '../tenants.ts';
import type { TenantTreeNode } from '../tenant-index.ts';
import { useScope } from './scope.tsx';

/** Keeps only the allowed codes, lifting allowed descendants of dropped nodes. */
function prune(node: TenantTreeNode, allowed: Set<string>): TenantTreeNode[] {
  const kids = (node.children ?? []).flatMap((c) => prune(c, allowed));
  if (!allowed.has(node.value)) return kids;
  return [{ ...node, ...(kids.length ? { children: kids } : { children: undefined }) }];
}

export function TenantSwitcher({ block }: { block?: boolean }) {
  const { t } = useTranslation();
  const auth = useAuth();
  const { tenant, choices, setTenant } = useScope();
  const tree = useMemo(() => {
    if (auth.status !== 'authenticated' || choices.length === 0) return [];
    const allowed = new Set(choices);
    const root = tenants.lineage(auth.session.tenantCode)[0];
    const full = root ? tenants.subtree(root.code) : undefined;
    return full ? prune(full, allowed) : [];
  }, [auth, choices]);
  if (tree.length === 0) return null;
  return (
    <TreeSelect
      aria-label={t('account.switchTenant')}
      title={t('account.scopeHint')}
      value={tenant}
      treeData={tree}
      onChange={(code: string) => setTenant(code)}
      treeDefaultExpandedKeys={[tenant]}
      showSearch
      treeNodeFilterProp="title"
      popupMatchSelectWidth={false}
      style={{ minWidth: 180, width: block ? '100%' : undefined }}
      data-testid="tenant-switcher"
    />
  );
}
