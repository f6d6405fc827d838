import { EmptyState, Group, Loader, Table, TextInput } from "@mantine/core";
import { IconSearch } from "@tabler/icons-react";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import type { ListState } from "./cursor-list";
import { LoadMore } from "./LoadMore";
import { PageHeader } from "./PageHeader";
import { QueryView } from "./QueryView";

export interface ListColumn<T> {
  key: string;
  header: string;
  cell: (row: T) => ReactNode;
  /**
   * What gives way on a narrow screen: 1 is always shown (the default), 2 is hidden when the list
   * is narrower than 760 px (a 768 px tablet), 3 when narrower than 960 px (a 1024 px tablet
   * with the sidebar). Below 560 px every row becomes a card with labelled lines.
   */
  priority?: 1 | 2 | 3;
  width?: number | string;
  nowrap?: boolean;
  align?: "right";
}

export interface EmptyText {
  icon?: ReactNode;
  title: string;
  description: string;
  /** What to do first, e.g. the add button. */
  action?: ReactNode;
}

export interface ListTableProps<T> {
  list: ListState<T>;
  columns: ListColumn<T>[];
  rowKey: (row: T) => string;
  /** Always visible, in the last column (never collapsed). */
  rowActions?: (row: T) => ReactNode;
  /** The table's accessible name. */
  label: string;
  empty: EmptyText;
  /** Shown instead of `empty` when a search or filter is active. */
  noMatches?: EmptyText;
  filtered?: boolean;
  onRowClick?: (row: T) => void;
}

export interface ListPageProps<T> extends ListTableProps<T> {
  title: string;
  description?: string;
  actions?: ReactNode;
  search?: { value: string; onChange: (value: string) => void; label: string };
  filters?: ReactNode;
  /** Drawers and dialogs the page opens. */
  children?: ReactNode;
}

function EmptyView({ text }: { text: EmptyText }) {
  return (
    <EmptyState icon={text.icon} title={text.title} description={text.description}>
      {text.action}
    </EmptyState>
  );
}

/** A list's table (or cards, when narrow), with its loading, error and empty states and "load more". */
export function ListTable<T>({ list, columns, rowKey, rowActions, label, empty, noMatches, filtered, onRowClick }: ListTableProps<T>) {
  const { t } = useTranslation();
  const cls = (c: ListColumn<T>) =>
    [c.priority && c.priority > 1 ? `rg-p${c.priority}` : "", c.nowrap ? "nowrap" : ""].join(" ").trim() || undefined;
  return (
    <QueryView query={list} isEmpty={(rows) => rows.length === 0} empty={<EmptyView text={filtered && noMatches ? noMatches : empty} />}>
      {(rows) => (
        <>
          <div className="rg-list">
            <Table striped highlightOnHover={!!onRowClick} verticalSpacing="sm" aria-label={label}>
              <Table.Thead>
                <Table.Tr>
                  {columns.map((c) => (
                    <Table.Th key={c.key} className={cls(c)} w={c.width} ta={c.align}>
                      {c.header}
                    </Table.Th>
                  ))}
                  {rowActions && (
                    <Table.Th className="rg-actions">
                      <span className="visually-hidden">{t("common.actions")}</span>
                    </Table.Th>
                  )}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((row) => (
                  <Table.Tr
                    key={rowKey(row)}
                    onClick={onRowClick ? () => onRowClick(row) : undefined}
                    style={onRowClick ? { cursor: "pointer" } : undefined}
                  >
                    {columns.map((c) => (
                      <Table.Td key={c.key} className={cls(c)} ta={c.align} data-label={c.header}>
                        {c.cell(row)}
                      </Table.Td>
                    ))}
                    {rowActions && (
                      // Clicks on the actions never open the row.
                      <Table.Td className="rg-actions" onClick={(e) => e.stopPropagation()}>
                        <Group gap={4} wrap="nowrap" justify="flex-end">
                          {rowActions(row)}
                        </Group>
                      </Table.Td>
                    )}
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </div>
          {(list.hasMore || rows.length > 20) && (
            <LoadMore shown={rows.length} hasMore={list.hasMore} loading={list.loadingMore} onLoad={list.loadMore} />
          )}
        </>
      )}
    </QueryView>
  );
}

/**
 * Every list screen: title, actions, search and filters, then the list. Use ListTable alone for a
 * list inside a tab.
 */
export function ListPage<T>({ title, description, actions, search, filters, children, ...table }: ListPageProps<T>) {
  return (
    <>
      <PageHeader title={title} description={description} actions={actions} />
      {(search || filters) && (
        <Group mb="md" gap="sm" wrap="wrap" align="flex-end">
          {search && (
            <TextInput
              aria-label={search.label}
              placeholder={search.label}
              leftSection={<IconSearch size={18} />}
              value={search.value}
              onChange={(e) => search.onChange(e.currentTarget.value)}
              style={{ flex: "1 1 240px" }}
              rightSection={table.list.isFetching && !table.list.isPending ? <Loader size="xs" /> : null}
            />
          )}
          {filters}
        </Group>
      )}
      <ListTable {...table} />
      {children}
    </>
  );
}
