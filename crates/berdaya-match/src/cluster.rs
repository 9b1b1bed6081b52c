//! Connected components of the matched pairs (union-find).

/// Disjoint sets with path halving and union by size.
#[derive(Debug, Clone)]
pub struct UnionFind {
    parent: Vec<u32>,
    size: Vec<u32>,
}

impl UnionFind {
    pub fn new(n: usize) -> Self {
        UnionFind { parent: (0..n as u32).collect(), size: vec![1; n] }
    }

    pub fn find(&mut self, mut x: u32) -> u32 {
        while self.parent[x as usize] != x {
            let p = self.parent[x as usize];
            self.parent[x as usize] = self.parent[p as usize];
            x = self.parent[x as usize];
        }
        x
    }

    pub fn union(&mut self, a: u32, b: u32) {
        let (mut ra, mut rb) = (self.find(a), self.find(b));
        if ra == rb {
            return;
        }
        if self.size[ra as usize] < self.size[rb as usize] {
            std::mem::swap(&mut ra, &mut rb);
        }
        self.parent[rb as usize] = ra;
        self.size[ra as usize] += self.size[rb as usize];
    }
}

/// Cluster label of each of `n` records: components of `edges`, numbered 0, 1, … in the
/// order of each component's first record, so the labels do not depend on edge order.
pub fn connected_components(n: usize, edges: impl IntoIterator<Item = (u32, u32)>) -> Vec<u32> {
    let mut uf = UnionFind::new(n);
    for (a, b) in edges {
        uf.union(a, b);
    }
    let mut label = vec![u32::MAX; n];
    let mut of_root = vec![u32::MAX; n];
    let mut next = 0;
    for r in 0..n as u32 {
        let root = uf.find(r) as usize;
        if of_root[root] == u32::MAX {
            of_root[root] = next;
            next += 1;
        }
        label[r as usize] = of_root[root];
    }
    label
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn components_are_transitive_and_labelled_in_record_order() {
        let labels = connected_components(6, [(4, 5), (0, 2), (2, 3)]);
        assert_eq!(labels, vec![0, 1, 0, 0, 2, 2]);
        let again = connected_components(6, [(3, 2), (5, 4), (2, 0)]);
        assert_eq!(labels, again);
    }

    #[test]
    fn no_edges_means_singletons() {
        assert_eq!(connected_components(3, []), vec![0, 1, 2]);
    }
}
